"""The counter window's style sheet, designed at 1366x768 (the most common office screen) and
scaled with the window (theme.scaled_qss), so a 1920x1080 screen gets larger text rather than
a small window in a sea of grey.
"""

from __future__ import annotations

from kiosk.ui.theme import scaled_qss

DESIGN_W, DESIGN_H = 1366, 768
MIN_SCALE, MAX_SCALE = 0.7, 1.6

QSS = """
#counterWindow { background: #eef1f6; }
QWidget { font-size: 15px; color: #1b2433; }
QLabel { background: transparent; }
#header { background: #0b3d91; }
#header QLabel { color: #ffffff; }
#appTitle { font-size: 20px; font-weight: bold; }
#appSubtitle, #officerLabel { font-size: 14px; color: #d5e1f7; }
#counterName { font-size: 20px; font-weight: bold; }
#stateBadge { font-size: 14px; font-weight: bold; border-radius: 10px; padding: 3px 12px;
              color: #ffffff; background: #6b7280; }
#stateBadge[state="open"] { background: #1f8a4c; }
#stateBadge[state="paused"] { background: #c77700; }
#header QPushButton { background: #1d56b8; color: #ffffff; border: 1px solid #4f7fd0;
                      border-radius: 6px; padding: 5px 12px; font-size: 14px; }
#header QPushButton:checked { background: #ffffff; color: #0b3d91; font-weight: bold; }
#header QPushButton:hover { background: #2a66cc; }
#header QPushButton:checked:hover { background: #e8eefb; }

QDialog { background: #ffffff; }
#card { background: #ffffff; border: 1px solid #d6dce6; border-radius: 10px; }
#cardTitle { font-size: 16px; font-weight: bold; color: #0b3d91; }
#pageTitle { font-size: 24px; font-weight: bold; color: #0b3d91; }
#hint { color: #4b5565; }
#muted { color: #5b6575; font-size: 14px; }

#ticketNumber { color: #0b3d91; }
#ticketNumber[empty="true"] { color: #8a93a3; }
#ticketService { font-size: 20px; font-weight: bold; }
#ticketStatus { font-size: 16px; font-weight: bold; color: #1f8a4c; }
#ticketMeta { font-size: 15px; color: #4b5565; }
#priorityBadge { background: #c2410c; color: #ffffff; font-weight: bold; border-radius: 8px;
                 padding: 3px 10px; font-size: 15px; }
#transferBadge { background: #6d28d9; color: #ffffff; font-weight: bold; border-radius: 8px;
                 padding: 3px 10px; font-size: 15px; }

QPushButton { background: #ffffff; border: 1px solid #b8c2d3; border-radius: 6px;
              padding: 6px 14px; }
QPushButton:hover { background: #f1f5fd; }
QPushButton:disabled { color: #a0a8b6; background: #f3f4f7; border-color: #dde2ea; }
QPushButton#action { font-size: 17px; font-weight: bold; padding: 8px 8px; min-height: 40px;
                     background: #0b3d91; color: #ffffff; border: none; border-radius: 8px; }
QPushButton#action:hover { background: #1550b5; }
QPushButton#action[kind="good"] { background: #1f8a4c; }
QPushButton#action[kind="warn"] { background: #c2410c; }
QPushButton#action[kind="quiet"] { background: #475569; }
QPushButton#action:disabled { background: #c9d0db; color: #f4f6f9; }
QPushButton#primary { background: #0b3d91; color: #ffffff; border: none; font-weight: bold;
                      padding: 8px 22px; font-size: 16px; }
QPushButton#primary:hover { background: #1550b5; }
QPushButton#primary:disabled { background: #c9d0db; color: #f4f6f9; }
QPushButton#danger { background: #b3261e; color: #ffffff; border: none; font-weight: bold; }
QPushButton#danger:disabled { background: #e3c4c2; color: #ffffff; }

QLineEdit { background: #ffffff; border: 1px solid #b8c2d3; border-radius: 5px;
            padding: 5px 8px; min-height: 22px; }
QLineEdit:focus { border: 2px solid #0b3d91; }
QLineEdit:disabled { background: #f3f4f7; color: #8a93a3; }
QComboBox, QDateTimeEdit { min-height: 30px; }
QComboBox QAbstractItemView { font-size: 15px; }
QCheckBox::indicator { width: 18px; height: 18px; }
QListWidget { background: #ffffff; border: 1px solid #d6dce6; border-radius: 6px;
              font-size: 17px; }
QListWidget::item { padding: 5px 8px; }
QListWidget::item:selected { background: #dbe6fb; color: #0b3d91; }
QCheckBox, QRadioButton { spacing: 8px; }
QTabWidget::pane { border: none; }
QTabBar::tab { background: #dde3ee; color: #1b2433; padding: 8px 20px; margin-right: 4px;
               border-top-left-radius: 8px; border-top-right-radius: 8px; font-size: 16px; }
QTabBar::tab:selected { background: #ffffff; color: #0b3d91; font-weight: bold; }
QScrollArea { border: none; background: transparent; }
#scrollBody { background: transparent; }
#confirmBar { background: #fff4e0; border: 1px solid #f0b86e; border-radius: 8px; }
#confirmText { font-weight: bold; color: #7a3e00; }
QTableWidget { background: #ffffff; border: 1px solid #d6dce6; border-radius: 6px;
               gridline-color: #e3e7ee; }
QTableWidget::item { padding: 4px 8px; }
QTableWidget::item:selected { background: #dbe6fb; color: #0b3d91; }
QHeaderView::section { background: #eef1f6; color: #1b2433; font-weight: bold; border: none;
                       border-bottom: 1px solid #d6dce6; padding: 6px 8px; }

#errorLine { background: #fde8e7; color: #8c1d18; border: 1px solid #f3b8b4;
             border-radius: 6px; padding: 6px 10px; font-weight: bold; }
#warnLine { background: #fff4d6; color: #6b4500; border: 1px solid #f0cf7a;
            border-radius: 6px; padding: 6px 10px; font-weight: bold; }
#infoLine { background: #e6f4ea; color: #14532d; border: 1px solid #b7dfc3;
            border-radius: 6px; padding: 6px 10px; }
#faultBanner { background: #b3261e; }
#faultBanner QLabel { color: #ffffff; font-weight: bold; }
#faultBanner QPushButton { background: #ffffff; color: #b3261e; border: none;
                           font-weight: bold; }
#offlineBanner { background: #7c2d12; color: #ffffff; padding: 4px; font-weight: bold; }

#resultNumber { font-size: 30px; font-weight: bold; color: #0b3d91; }
#resultCode { font-size: 20px; font-weight: bold; font-family: monospace; }
#resultDue { font-size: 18px; font-weight: bold; }
#appNumber { font-size: 24px; font-weight: bold; color: #0b3d91; }
#stageDone { color: #1f8a4c; }
#stageCurrent { color: #0b3d91; font-weight: bold; }
#stagePending { color: #8a93a3; }
#statusChip { font-weight: bold; color: #0b3d91; font-size: 17px; }
#lateChip { font-weight: bold; color: #b3261e; }
#onTimeChip { font-weight: bold; color: #1f8a4c; }
QPushButton#complaintBadge { font-weight: bold; border-radius: 12px; padding: 4px 14px;
                             margin: 0 0 4px 0; color: #1f2937; background: #e2e8f0;
                             border: none; }
QPushButton#complaintBadge[level="open"] { background: #c77700; color: #ffffff; }
QPushButton#complaintBadge[level="overdue"] { background: #b3261e; color: #ffffff; }
#cmpText, #cmpResponse { background: #f7f9fc; border: 1px solid #e3e7ee; border-radius: 6px;
                         padding: 8px 10px; font-size: 16px; }
#cmpStep { color: #334155; font-size: 14px; }
#counterTile { text-align: left; padding: 10px 14px; font-size: 16px; }
"""


def window_scale(width: int, height: int) -> float:
    """How much larger than the 1366x768 design the window is (bounded)."""
    scale = min(width / DESIGN_W, height / DESIGN_H)
    return max(MIN_SCALE, min(MAX_SCALE, scale))


def style_for(scale: float) -> str:
    return scaled_qss(QSS, round(scale, 2))
