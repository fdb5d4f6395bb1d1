"""Draw the placeholder MPP logo (a public building in a ring) as black line art.

Run from the repository root: ``.venv/bin/python resources/branding/make_placeholder_logo.py``.
Black and white on purpose: thermal printers print dots, not greys.
"""

from PIL import Image, ImageDraw, ImageFont

S = 480
img = Image.new("L", (S, S), 255)
d = ImageDraw.Draw(img)
c = S // 2
d.ellipse((8, 8, S - 8, S - 8), outline=0, width=22)
d.ellipse((44, 44, S - 44, S - 44), outline=0, width=6)
# roof (pediment)
d.polygon([(c, 76), (100, 164), (S - 100, 164)], fill=0)
d.polygon([(c, 106), (150, 148), (S - 150, 148)], fill=255)
d.rectangle((100, 164, S - 100, 182), fill=0)
# columns
cols = 5
left, right = 122, S - 122
w = 26
for i in range(cols):
    x = left + i * (right - left - w) / (cols - 1)
    d.rectangle((x, 192, x + w, 292), fill=0)
# steps
d.rectangle((106, 300, S - 106, 314), fill=0)
d.rectangle((92, 320, S - 92, 334), fill=0)
font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf", 58)
t = "MPP"
tw = d.textlength(t, font=font)
d.text((c - tw / 2, 344), t, font=font, fill=0)
img.convert("1", dither=Image.Dither.NONE).save("resources/branding/logo-mpp.png", optimize=True)
