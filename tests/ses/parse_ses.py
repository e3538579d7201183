#!/usr/bin/env python3
"""Reads a seal (.esl) and a stamp (.ses) with asn1crypto, against the GB/T 38540 V4
structures written out here independently of catool (field order, string types,
GeneralizedTime), strictly (no trailing bytes, every field parsed), and writes what each
signature covers, the signature and the signer's certificate into OUTDIR for OpenSSL to check.

usage: parse_ses.py SEAL.esl STAMP.ses OUTDIR    (prints a JSON summary)
"""
import json
import os
import sys

from asn1crypto.core import (Boolean, GeneralizedTime, IA5String, Integer, ObjectIdentifier,
                             OctetBitString, OctetString, PrintableString, Sequence,
                             SequenceOf, UTF8String)


class SesHeader(Sequence):
    _fields = [('id', IA5String), ('version', Integer), ('vid', IA5String)]


class CertInfoList(SequenceOf):
    _child_spec = OctetString


class CertDigestObj(Sequence):
    _fields = [('type', PrintableString), ('value', OctetString)]


class CertDigestList(SequenceOf):
    _child_spec = CertDigestObj


class PropertyInfo(Sequence):
    _fields = [('type', Integer), ('name', UTF8String), ('cert_list_type', Integer),
               ('cert_list', CertInfoList), ('create_date', GeneralizedTime),
               ('valid_start', GeneralizedTime), ('valid_end', GeneralizedTime)]


class PictureInfo(Sequence):
    _fields = [('type', IA5String), ('data', OctetString), ('width', Integer),
               ('height', Integer)]


class ExtData(Sequence):
    _fields = [('extn_id', ObjectIdentifier), ('critical', Boolean, {'default': False}),
               ('extn_value', OctetString)]


class ExtensionDatas(SequenceOf):
    _child_spec = ExtData


class SealInfo(Sequence):
    _fields = [('header', SesHeader), ('es_id', IA5String), ('property', PropertyInfo),
               ('picture', PictureInfo), ('ext_datas', ExtensionDatas, {'optional': True})]


class SESeal(Sequence):
    _fields = [('seal_info', SealInfo), ('cert', OctetString),
               ('sign_alg_id', ObjectIdentifier), ('signed_value', OctetBitString)]


class TBSSign(Sequence):
    _fields = [('version', Integer), ('eseal', SESeal), ('time_info', GeneralizedTime),
               ('data_hash', OctetBitString), ('property_info', IA5String),
               ('ext_datas', ExtensionDatas, {'explicit': 0, 'optional': True})]


class SesSignature(Sequence):
    _fields = [('to_sign', TBSSign), ('cert', OctetString),
               ('signature_alg_id', ObjectIdentifier), ('signature', OctetBitString),
               ('time_stamp', OctetBitString, {'explicit': 0, 'optional': True})]


def main():
    seal_path, stamp_path, out = sys.argv[1:4]
    seal_der = open(seal_path, 'rb').read()
    stamp_der = open(stamp_path, 'rb').read()
    seal = SESeal.load(seal_der, strict=True)
    stamp = SesSignature.load(stamp_der, strict=True)
    seal_native = seal.native  # parses every field
    stamp_native = stamp.native
    info = seal_native['seal_info']

    def write(name, data):
        with open(os.path.join(out, name), 'wb') as f:
            f.write(data)

    write('seal_tbs.der', seal['seal_info'].dump())
    write('seal_sig.der', seal_native['signed_value'])
    write('maker.der', seal_native['cert'])
    write('stamp_tbs.der', stamp['to_sign'].dump())
    write('stamp_sig.der', stamp_native['signature'])
    write('signer.der', stamp_native['cert'])
    write('data_hash.bin', stamp_native['to_sign']['data_hash'])
    print(json.dumps({
        'header_id': info['header']['id'],
        'version': info['header']['version'],
        'vid': info['header']['vid'],
        'es_id': info['es_id'],
        'type': info['property']['type'],
        'name': info['property']['name'],
        'cert_list_type': info['property']['cert_list_type'],
        'cert_list': len(info['property']['cert_list']),
        'signer_in_cert_list': stamp_native['cert'] in info['property']['cert_list'],
        'valid_end': info['property']['valid_end'].isoformat(),
        'picture_type': info['picture']['type'],
        'width': info['picture']['width'],
        'height': info['picture']['height'],
        'sign_alg_id': seal_native['sign_alg_id'],
        'stamp_version': stamp_native['to_sign']['version'],
        'stamp_alg_id': stamp_native['signature_alg_id'],
        'property_info': stamp_native['to_sign']['property_info'],
        'embedded_seal_is_the_esl': stamp['to_sign']['eseal'].dump() == seal_der,
        'time_tags': [seal['seal_info']['property'][k].tag
                      for k in ('create_date', 'valid_start', 'valid_end')],
    }))


main()
