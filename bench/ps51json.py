"""Writes JSON the way Windows PowerShell 5.1's ConvertTo-Json does.

5.1 pretty-prints with the members of an object or array indented four
columns right of the column where its opening bracket stands, two spaces
after each colon, CRLF line ends, and escapes ' < > & as \\u0027 \\u003c
\\u003e \\u0026 (JavaScriptSerializer). Used for the examples and the bench
snapshot; the reader's unit fixtures are kept as bytes in tests/fixtures.
"""

_ESCAPES = {
    '"': '\\"', '\\': '\\\\', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t',
    "'": '\\u0027', '<': '\\u003c', '>': '\\u003e', '&': '\\u0026',
}


class Raw(str):
    """A value written as is, e.g. a "\\/Date(ms)\\/" literal."""


def ms_date(ms):
    return Raw('"\\/Date(%d)\\/"' % ms)


def _string(s):
    out = []
    for ch in s:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ord(ch) < 0x20:
            out.append('\\u%04x' % ord(ch))
        else:
            out.append(ch)
    return '"' + ''.join(out) + '"'


def _scalar(v):
    if isinstance(v, Raw):
        return str(v)
    if v is None:
        return 'null'
    if v is True:
        return 'true'
    if v is False:
        return 'false'
    if isinstance(v, (int, float)):
        return repr(v)
    return _string(v)


def _emit(v, column, out, nl):
    if isinstance(v, dict):
        if not v:
            out.append('{' + nl + nl + ' ' * column + '}')
            return
        out.append('{' + nl)
        inner = column + 4
        items = list(v.items())
        for i, (k, val) in enumerate(items):
            prefix = ' ' * inner + _string(k) + ':  '
            out.append(prefix)
            _emit(val, len(prefix), out, nl)
            out.append((',' if i + 1 < len(items) else '') + nl)
        out.append(' ' * column + '}')
    elif isinstance(v, list) and not isinstance(v, Raw):
        if not v:
            out.append('[' + nl + nl + ' ' * column + ']')
            return
        out.append('[' + nl)
        inner = column + 4
        for i, val in enumerate(v):
            out.append(' ' * inner)
            _emit(val, inner, out, nl)
            out.append((',' if i + 1 < len(v) else '') + nl)
        out.append(' ' * column + ']')
    else:
        out.append(_scalar(v))


def dumps(value, newline='\r\n'):
    out = []
    _emit(value, 0, out, newline)
    return ''.join(out)


def dumps_compressed(value):
    if isinstance(value, dict):
        return '{' + ','.join(_string(k) + ':' + dumps_compressed(v) for k, v in value.items()) + '}'
    if isinstance(value, list) and not isinstance(value, Raw):
        return '[' + ','.join(dumps_compressed(v) for v in value) + ']'
    return _scalar(value)
