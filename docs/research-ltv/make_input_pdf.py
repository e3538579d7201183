# writes a tiny 1-page PDF (input.pdf) using pyHanko's writer
import sys
from pyhanko.pdf_utils.writer import PdfFileWriter
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.content import RawContent
from pyhanko.pdf_utils.layout import BoxConstraints
w = PdfFileWriter()
font = generic.DictionaryObject({generic.NameObject('/Type'): generic.NameObject('/Font'),
    generic.NameObject('/Subtype'): generic.NameObject('/Type1'),
    generic.NameObject('/BaseFont'): generic.NameObject('/Helvetica')})
from pyhanko.pdf_utils.writer import init_xobject_dictionary
stream = generic.StreamObject(stream_data=b'BT /F1 24 Tf 72 700 Td (catool LTV test) Tj ET')
page = generic.DictionaryObject({
    generic.NameObject('/Type'): generic.NameObject('/Page'),
    generic.NameObject('/MediaBox'): generic.ArrayObject([generic.NumberObject(x) for x in (0,0,595,842)]),
    generic.NameObject('/Resources'): generic.DictionaryObject({generic.NameObject('/Font'): generic.DictionaryObject({generic.NameObject('/F1'): w.add_object(font)})}),
    generic.NameObject('/Contents'): w.add_object(stream)})
w.insert_page(page)
with open(sys.argv[1] if len(sys.argv) > 1 else 'input.pdf', 'wb') as f:
    w.write(f)
