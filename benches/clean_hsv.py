"""The alternative a user would script to cut a red seal out of a photo: an HSV threshold
(the usual OpenCV `cv2.inRange` recipe: hue within 10 of red on OpenCV's 0-180 scale,
saturation >= 70, value >= 50), done with Pillow because OpenCV is not installed here.
Red pixels keep their colour with alpha 255, everything else becomes transparent; the
output has the photo's size.

    python3 benches/clean_hsv.py PHOTO OUT.png
"""
import sys

from PIL import Image, ImageChops

photo = Image.open(sys.argv[1]).convert("RGB")
h, s, v = photo.convert("HSV").split()
# Pillow's hue is 0-255 for 0-360 degrees: 10/180 of a turn is 14 of 255.
red = h.point(lambda x: 255 if x <= 14 or x >= 241 else 0)
sat = s.point(lambda x: 255 if x >= 70 else 0)
val = v.point(lambda x: 255 if x >= 50 else 0)
alpha = ImageChops.multiply(ImageChops.multiply(red, sat), val)
out = photo.convert("RGBA")
out.putalpha(alpha)
out.save(sys.argv[2])
