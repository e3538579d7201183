"""Generates assets/contract.pdf, the sample contract `catool demo` stamps and signs.

    pip install reportlab==5.1.0 && python3 assets/make_contract.py

Three A4 pages in Chinese (reportlab's CID font STSong-Light, UniGB-UCS2-H, not embedded):
page 3 carries the signature block with two 盖章处 (party A and party B).
"""
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
out = Path(__file__).with_name("contract.pdf")
c = canvas.Canvas(str(out), pagesize=A4, invariant=1)
c.setTitle("采购合同")
c.setAuthor("catool demo")
width, height = A4

clauses = [
    "第一条 合同标的：乙方向甲方提供电子签章系统软件及三年技术服务。",
    "第二条 合同金额：人民币叁拾万元整（￥300,000.00），含税。",
    "第三条 交付期限：合同生效之日起三十个工作日内完成部署并通过验收。",
    "第四条 付款方式：验收合格后十个工作日内一次性支付全部合同款项。",
    "第五条 质量保证：乙方保证所交付的软件符合国家密码管理相关标准。",
    "第六条 保密条款：双方对在履行合同中知悉的对方商业秘密负有保密义务。",
    "第七条 违约责任：任何一方违约，应向守约方支付合同金额百分之十的违约金。",
    "第八条 争议解决：因本合同引起的争议，双方协商解决；协商不成的，提交甲方所在地人民法院诉讼解决。",
    "第九条 合同生效：本合同自双方盖章之日起生效，一式两份，双方各执一份。",
]

for page in range(1, 4):
    c.setFont("STSong-Light", 22)
    c.drawCentredString(width / 2, height - 72, "采购合同")
    c.setFont("STSong-Light", 11)
    c.drawString(72, height - 110, "合同编号：CG-2026-1125")
    c.drawString(72, height - 128, "甲方（采购人）：北京云签科技有限公司")
    c.drawString(72, height - 146, "乙方（供应商）：上海恒通贸易有限公司")
    y = height - 190
    for i, clause in enumerate(clauses[(page - 1) * 3:(page - 1) * 3 + 3]):
        for k in range(0, len(clause), 38):
            c.drawString(72, y, clause[k:k + 38])
            y -= 20
        y -= 14
    if page == 3:
        y -= 40
        c.drawString(72, y, "甲方：北京云签科技有限公司")
        c.drawString(320, y, "乙方：上海恒通贸易有限公司")
        y -= 60
        c.drawString(72, y, "（盖章处）")
        c.drawString(320, y, "（盖章处）")
        y -= 60
        c.drawString(72, y, "日期：2026年11月25日")
        c.drawString(320, y, "日期：2026年11月25日")
    c.setFont("STSong-Light", 9)
    c.drawCentredString(width / 2, 40, f"第 {page} 页 共 3 页")
    c.showPage()
c.save()
print(out)
