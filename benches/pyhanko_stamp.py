"""pyHanko's way to put a static seal image on every page of a PDF (benchmark reference).

    python3 benches/pyhanko_stamp.py IN.pdf SEAL.png OUT.pdf
"""
import sys

from PIL import Image
from pyhanko.pdf_utils.images import PdfImage
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.layout import BoxConstraints
from pyhanko.stamp import StaticContentStamp, StaticStampStyle

inp, png, out = sys.argv[1:4]
with open(inp, "rb") as f:
    writer = IncrementalPdfFileWriter(f)
    style = StaticStampStyle(background=PdfImage(Image.open(png)), border_width=0)
    pages = int(writer.root["/Pages"]["/Count"])
    stamp = StaticContentStamp(writer, style, BoxConstraints(width=113, height=113))
    for page in range(pages):
        stamp.apply(page, 420, 60)
    with open(out, "wb") as o:
        writer.write(o)
