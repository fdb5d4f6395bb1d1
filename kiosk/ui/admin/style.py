"""The admin window's style sheet: an office PC's window (designed at 1280x800), calm colours
matching the counter's header."""

QSS = """
#adminWindow { background: #eef1f6; }
QWidget { font-size: 14px; color: #1b2433; }
QLabel { background: transparent; }
#header { background: #0b3d91; }
#header QLabel { color: #ffffff; }
#appTitle { font-size: 19px; font-weight: bold; }
#officerLabel { font-size: 13px; color: #d5e1f7; }
#header QPushButton { background: #1d56b8; color: #ffffff; border: 1px solid #4f7fd0;
                      border-radius: 6px; padding: 4px 12px; }
#card { background: #ffffff; border: 1px solid #d3dae6; border-radius: 10px; }
#pageTitle { font-size: 22px; font-weight: bold; }
#formTitle { font-size: 17px; font-weight: bold; }
#hint { color: #4b5563; }
#errorLine { color: #b42318; font-weight: bold; }
#noticeLine { color: #1f6f43; }
QPushButton { padding: 6px 14px; border-radius: 6px; border: 1px solid #b8c2d3;
              background: #ffffff; }
QPushButton:disabled { color: #9aa3b2; background: #f3f4f6; }
QPushButton#primary { background: #0b3d91; color: #ffffff; border: 1px solid #0b3d91;
                      font-weight: bold; }
QPushButton#primary:disabled { background: #9fb3d9; border-color: #9fb3d9; }
QTableWidget { background: #ffffff; gridline-color: #e5e7eb; }
QLineEdit, QPlainTextEdit, QComboBox, QSpinBox { background: #ffffff; border: 1px solid #c5ccd8;
    border-radius: 4px; padding: 3px 6px; }
QLineEdit[readOnly="true"] { background: #f3f4f6; }
QTabBar::tab { padding: 8px 16px; }
QTabBar::tab:selected { font-weight: bold; }
"""
