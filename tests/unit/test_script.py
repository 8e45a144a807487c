"""The script of a name, answered once in the core and recorded by the registry."""

from __future__ import annotations

import polyname


def test_the_registry_records_the_core_s_answer() -> None:
    reg = polyname.Registry(":memory:")
    names = ["Hossein Taeb", "حسين طائب", "حسین طائب", "金正恩", "김정은", "প্রণব মুখোপাধ্যায়", "Пётр", "12-34"]
    entity = reg.add_entity(names[0], kind="person", aliases=names[1:])
    scripts = {a.name: a.script for a in reg.entity(entity).aliases}
    assert scripts == {n: polyname.dominant_script(n) for n in names}
    # Every script of the Unicode Script property, not a list of prefixes: Bengali included.
    assert [scripts[n] for n in names] == ["Latn", "Arab", "Arab", "Hani", "Hang", "Beng", "Cyrl", "Zyyy"]
