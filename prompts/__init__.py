"""Prompt templates as data, with strict variables.

Each ``*.md`` file in this folder starts with a front matter block::

    ---
    name: answer_synthesis
    variables: [question, project, passages]
    ---
    The template, using {question}, {project} and {passages}.

A template that uses a variable it does not declare, or declares one it never uses, is an
error when it is loaded; rendering with a missing or unknown variable is an error too.
This package imports nothing else of Concord.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from pathlib import Path

import yaml

FOLDER = Path(__file__).parent


class PromptError(ValueError):
    """A template or a rendering request does not match the declared variables."""


@dataclass(frozen=True)
class Prompt:
    name: str
    variables: frozenset[str]
    template: str

    def render(self, **values: object) -> str:
        given = set(values)
        if given != self.variables:
            missing = sorted(self.variables - given)
            unknown = sorted(given - self.variables)
            raise PromptError(f"prompt '{self.name}': missing {missing}, unknown {unknown}")
        return self.template.format(**{k: str(v) for k, v in values.items()})


def _fields(template: str) -> set[str]:
    fields = set()
    for _, field, _, _ in string.Formatter().parse(template):
        if field is not None:
            if not field.isidentifier():
                raise PromptError(f"placeholder '{{{field}}}' is not a plain variable name")
            fields.add(field)
    return fields


def parse_prompt(text: str, *, source: str = "<string>") -> Prompt:
    if not text.startswith("---\n"):
        raise PromptError(f"{source}: missing front matter (---)")
    _, header, body = text.split("---\n", 2)
    meta = yaml.safe_load(header) or {}
    declared = set(meta.get("variables") or [])
    try:
        used = _fields(body)
    except (ValueError, PromptError) as exc:
        raise PromptError(f"{source}: {exc}") from exc
    if used - declared:
        raise PromptError(f"{source}: uses undeclared variables {sorted(used - declared)}")
    if declared - used:
        raise PromptError(f"{source}: declares unused variables {sorted(declared - used)}")
    name = str(meta.get("name") or Path(source).stem)
    return Prompt(name=name, variables=frozenset(declared), template=body.strip() + "\n")


def load_prompt(name: str, folder: Path = FOLDER) -> Prompt:
    path = folder / f"{name}.md"
    if not path.exists():
        raise PromptError(f"no prompt named '{name}' in {folder}")
    return parse_prompt(path.read_text(), source=str(path))


def load_all(folder: Path = FOLDER) -> dict[str, Prompt]:
    return {p.stem: load_prompt(p.stem, folder) for p in sorted(folder.glob("*.md"))}
