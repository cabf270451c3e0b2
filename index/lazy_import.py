"""Import a heavy module on first use of one of its attributes.

Why: ``qa --help`` and argument errors must answer in a fraction of a second,
yet the command modules name things (index kinds, defaults) that live beside
code using FAISS. ``lazy_module("faiss")`` returns a module object at once
and runs the import the first time an attribute is read, i.e. when an index
is actually built or opened.
"""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType


def lazy_module(name: str) -> ModuleType:
    """``name`` as a module whose import runs on first attribute access."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        raise ModuleNotFoundError(f"No module named {name!r}", name=name)
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    loader.exec_module(module)
    return module
