#!/usr/bin/env python3
"""Writes a PDF of six A4 pages, each one incompressible RGB image (random bytes, no filter)
of about SIZE/6 bytes, with a line of text: the shape of a large scanned bid (issue 17).

    python3 benches/pdf_large_gen.py OUT.pdf SIZE_MB
"""
import math
import os
import sys


def main(out, size_mb):
    per_image = int(size_mb * 1_000_000 / 6)
    side = int(math.sqrt(per_image / 3))
    offsets = []
    with open(out, "wb") as f:
        def obj(body, data=None):
            offsets.append(f.tell())
            f.write(f"{len(offsets)} 0 obj\n".encode())
            f.write(body)
            if data is not None:
                f.write(b"\nstream\n")
                remaining = data
                while remaining > 0:
                    n = min(remaining, 1 << 20)
                    f.write(os.urandom(n))
                    remaining -= n
                f.write(b"\nendstream")
            f.write(b"\nendobj\n")

        f.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
        obj(b"<< /Type /Catalog /Pages 2 0 R >>")
        kids = " ".join(f"{4 + 3 * i} 0 R" for i in range(6))
        obj(f"<< /Type /Pages /Kids [{kids}] /Count 6 >>".encode())
        obj(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
        for i in range(6):
            page, content, image = 4 + 3 * i, 5 + 3 * i, 6 + 3 * i
            obj(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {content} 0 R "
                f"/Resources << /Font << /F1 3 0 R >> /XObject << /Im0 {image} 0 R >> >> >>".encode())
            text = f"q 495 0 0 700 50 80 cm /Im0 Do Q BT /F1 12 Tf 50 800 Td (Scanned page {i + 1}) Tj ET".encode()
            offsets.append(f.tell())
            f.write(f"{content} 0 obj\n<< /Length {len(text)} >>\nstream\n".encode() + text + b"\nendstream\nendobj\n")
            obj(f"<< /Type /XObject /Subtype /Image /Width {side} /Height {side} /ColorSpace /DeviceRGB "
                f"/BitsPerComponent 8 /Length {side * side * 3} >>".encode(), side * side * 3)
        xref = f.tell()
        f.write(f"xref\n0 {len(offsets) + 1}\n0000000000 65535 f \n".encode())
        for o in offsets:
            f.write(f"{o:010d} 00000 n \n".encode())
        f.write(f"trailer\n<< /Size {len(offsets) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())


if __name__ == "__main__":
    main(sys.argv[1], float(sys.argv[2]))
