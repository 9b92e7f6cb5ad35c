"""The site core. The portal's URL converters are registered on import, before any URLconf
(or routable page) that uses `<id:…>` is read."""

from .converters import register as _register_converters

_register_converters()
