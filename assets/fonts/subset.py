#!/usr/bin/env python3
"""Makes the seal fonts Arimo-Bold-ASCII.ttf and CatoolKai-Regular-GB2312.ttf (see README.md).

    apt-get download fonts-croscore fonts-lxgw-wenkai
    for d in fonts-croscore_*.deb fonts-lxgw-wenkai_*.deb; do dpkg -x "$d" src; done
    pip install fonttools
    python3 assets/fonts/subset.py src/usr/share/fonts/truetype assets/fonts

Arimo is subset to printable ASCII. LXGW WenKai is subset to GB 2312 plus printable ASCII and
renamed: a subset is a Modified Version under the SIL OFL 1.1, and "LXGW" and "霞鹜" are
Reserved Font Names, so the subset may not carry them (copyright and licence entries stay).
Hinting and OpenType layout tables are dropped: catool draws outlines with ab_glyph, one glyph
per character.
"""

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

ASCII = [chr(c) for c in range(0x20, 0x7F)]


def gb2312():
    chars = []
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.append(bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return chars


def make(src, dst, chars, rename=None):
    options = subset.Options()
    options.layout_features = []
    options.hinting = False
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    font = TTFont(src)
    sub = subset.Subsetter(options)
    sub.populate(text="".join(chars))
    sub.subset(font)
    if rename:
        family, postscript = rename
        table = font["name"]
        for rec in list(table.names):
            if rec.nameID in (1, 4, 16):
                rec.string = family
            elif rec.nameID == 3:
                rec.string = f"{family}:1.250"
            elif rec.nameID == 6:
                rec.string = postscript
            elif rec.nameID == 17:
                rec.string = "Regular"
        # Localised family names (霞鹜文楷) go: they carry a Reserved Font Name.
        table.names = [r for r in table.names if not (r.nameID in (1, 4, 16) and r.langID not in (0, 1033))]
    font.save(dst)
    print(f"{dst}: {Path(dst).stat().st_size} bytes, {len(chars)} characters")


def main():
    src, out = Path(sys.argv[1]), Path(sys.argv[2])
    make(src / "croscore/Arimo-Bold.ttf", out / "Arimo-Bold-ASCII.ttf", ASCII)
    make(
        src / "lxgw-wenkai/LXGWWenKai-Regular.ttf",
        out / "CatoolKai-Regular-GB2312.ttf",
        gb2312() + ASCII,
        rename=("Catool Kai", "CatoolKai-Regular"),
    )


if __name__ == "__main__":
    main()
