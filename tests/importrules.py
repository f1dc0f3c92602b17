"""Two import-linter contract types the built-in ones cannot say (`[tool.importlinter]` in
`pyproject.toml`; `make layers` runs them):

- `standard_library`: the source packages import nothing but the standard library and
  themselves (and any `allowed_modules`): the domain stays pure.
- `lazy_imports`: every import of `imported` by `importers` sits inside a function, so
  importing the importer costs nothing until that function runs: the command line reaches the
  apps only when asked to start one.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from grimp import DetailedImport, ImportGraph
from importlinter import Contract, ContractCheck, fields, output


def _inside(module: str, packages: list[str]) -> bool:
    return any(module == p or module.startswith(p + ".") for p in packages)


class StandardLibraryContract(Contract):
    type_name = "standard_library"

    source_modules = fields.ListField(subfield=fields.StringField())
    allowed_modules = fields.ListField(subfield=fields.StringField(), required=False)

    def check(self, graph: ImportGraph, verbose: bool) -> ContractCheck:
        sources: list[str] = self.source_modules  # type: ignore[assignment]
        allowed = [*sources, *(self.allowed_modules or [])]  # type: ignore[misc]
        broken: list[tuple[str, str, list[int]]] = []
        for module in sorted(m for m in graph.modules if _inside(m, sources)):
            for imported in sorted(graph.find_modules_directly_imported_by(module)):
                if _inside(imported, allowed):
                    continue
                external = graph.is_module_squashed(imported)  # outside the project
                if external and imported.split(".")[0] in sys.stdlib_module_names:
                    continue
                lines = [d["line_number"] for d in
                         graph.get_import_details(importer=module, imported=imported)]
                broken.append((module, imported, lines))
        return ContractCheck(kept=not broken, warnings=None, metadata={"broken": broken})

    def render_broken_contract(self, check: ContractCheck) -> None:
        for module, imported, lines in check.metadata["broken"]:
            output.print_error(f"{module} -> {imported} (l. {', '.join(map(str, lines))}): "
                               "neither the standard library nor allowed")


def _source_lines(module: str) -> list[str]:
    spec = importlib.util.find_spec(module)
    assert spec is not None and spec.origin is not None, module
    return Path(spec.origin).read_text(encoding="utf-8").splitlines()


class LazyImportsContract(Contract):
    type_name = "lazy_imports"

    importers = fields.ListField(subfield=fields.StringField())
    imported = fields.ListField(subfield=fields.StringField())

    def check(self, graph: ImportGraph, verbose: bool) -> ContractCheck:
        importers: list[str] = self.importers  # type: ignore[assignment]
        targets: list[str] = self.imported  # type: ignore[assignment]
        eager: list[DetailedImport] = []
        for module in importers:
            lines = _source_lines(module)
            for imported in sorted(graph.find_modules_directly_imported_by(module)):
                if not _inside(imported, targets):
                    continue
                for detail in graph.get_import_details(importer=module, imported=imported):
                    line = lines[detail["line_number"] - 1]
                    if not line[:1].isspace():  # at the module's top level
                        eager.append(detail)
        return ContractCheck(kept=not eager, warnings=None, metadata={"eager": eager})

    def render_broken_contract(self, check: ContractCheck) -> None:
        for d in check.metadata["eager"]:
            output.print_error(f"{d['importer']} -> {d['imported']} (l. {d['line_number']}): "
                               f"`{d['line_contents']}` must be inside the function that "
                               "needs it")
