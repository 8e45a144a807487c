"""`resolve registry ...`: create, edit and inspect the registry of entities and aliases
(import, export, merge, split, judge, show, history)."""

from __future__ import annotations

import argparse

from polyname.cli.common import HelpFormatter, db_option, open_registry, say
from polyname.cli.input_file import delimiter, delimiter_options
from polyname.csvio import InputSize
from polyname.progress import Progress
from polyname.registry import IMPORT_COLUMNS, Registry
from polyname.terminal import printable


def _review_options(p: argparse.ArgumentParser) -> None:
    """Who made a reviewer's change and why, then the registry."""
    p.add_argument("--author")
    p.add_argument("--note")
    db_option(p)


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    registry = commands.add_parser("registry", help="create, edit and inspect a registry",
                                   description="Create, edit and inspect a registry of entities and aliases.",
                                   formatter_class=HelpFormatter, epilog="""examples:
  resolve registry import examples/registry.csv --db reg.db
  resolve registry show P-TAEB --db reg.db
  resolve registry merge P-TAEB P-TAEB-2 --db reg.db""")
    actions = registry.add_subparsers(dest="action", metavar="ACTION", required=True)

    p = actions.add_parser("import", help="import aliases from a CSV file", formatter_class=HelpFormatter,
                           description="Import a CSV file with columns entity_id,name and optionally "
                                       "kind,lang,source,quality: one row per alias; rows with the same entity_id "
                                       "are one entity. quality is strong (or good) or weak (or low); empty keeps "
                                       "what the registry holds (strong for a new alias). A weak alias, as the lists "
                                       "mark broad or generic ones (OFAC's weak a.k.a., the UN's low quality a.k.a.), "
                                       "alerts in a screening match only on the name itself. The import is one "
                                       "transaction: a bad row imports nothing. "
                                       "Importing the same file again changes nothing.",
                           epilog="""examples:
  resolve registry import examples/registry.csv --db reg.db
  resolve registry import examples/second-list-cp1256.csv --encoding cp1256 --db reg.db
  cat examples/registry.csv | resolve registry import - --db reg.db""")
    p.add_argument("file", metavar="FILE.csv", help="CSV file, or - for stdin")
    p.add_argument("--encoding", default="utf-8", help="text encoding of the file (default: utf-8; a BOM is fine)")
    delimiter_options(p)
    p.add_argument("--author", help="who made the change (recorded in the history)")
    db_option(p)

    p = actions.add_parser("export", help="write every alias as CSV", formatter_class=HelpFormatter,
                           description="Write one row per alias under its canonical ID (entity_id,name,kind,lang,"
                                       "source,quality): the file imports back into a fresh registry.",
                           epilog="""examples:
  resolve registry export --db reg.db -o aliases.csv
  resolve registry export --db reg.db | head""")
    p.add_argument("-o", "--output", default="-", metavar="FILE.csv", help="output file (default: stdout)")
    p.add_argument("--no-escape-formulas", dest="escape_formulas", action="store_false",
                   help="write names exactly as they are (cells a spreadsheet would run as formulas get a "
                        "leading ' by default, as in every CSV file resolve writes; this keeps a re-import exact)")
    db_option(p)

    p = actions.add_parser("merge", help="merge one entity into another", formatter_class=HelpFormatter,
                           description="Merge DROP into KEEP: DROP's ID redirects to KEEP from now on. Refused "
                                       "when a reviewer judged the two different. Undo with `registry split DROP`.",
                           epilog="""example:
  resolve registry merge P-TAEB P-TAEB-2 --db reg.db --note "the second list's entry for him" """)
    p.add_argument("keep", metavar="KEEP")
    p.add_argument("drop", metavar="DROP")
    _review_options(p)

    p = actions.add_parser("split", help="undo a merge", formatter_class=HelpFormatter,
                           description="Undo the merge that folded ID into another entity.",
                           epilog="""example:
  resolve registry merge P-TAEB P-TAEB-2 --db reg.db
  resolve registry split P-TAEB-2 --db reg.db""")
    p.add_argument("entity_id", metavar="ID")
    _review_options(p)

    p = actions.add_parser("judge", help="record a reviewer's judgement", formatter_class=HelpFormatter,
                           description="Record a judgement between A and B. B is an entity ID; A is an entity ID "
                                       "or a name. --same merges two entities (or adds the name as an alias); "
                                       "--different is respected by every later merge and match.",
                           epilog="""examples:
  resolve registry judge P-ZABIB-Y P-ZABIB-H --different --note "father and son" --db reg.db
  resolve registry judge "Jamal Jafaar al-Ibrahimi" P-MUHANDIS --same --author analyst1 --db reg.db""")
    p.add_argument("a", metavar="A")
    p.add_argument("b", metavar="B")
    verdict = p.add_mutually_exclusive_group(required=True)
    for v in ("same", "different", "unsure"):
        verdict.add_argument(f"--{v}", dest="verdict", action="store_const", const=v)
    _review_options(p)

    p = actions.add_parser("show", help="show an entity", formatter_class=HelpFormatter,
                           description="Show an entity: kind, aliases, merges and judgements.",
                           epilog="""example:
  resolve registry show P-TAEB --db reg.db""")
    p.add_argument("entity_id", metavar="ID")
    db_option(p)

    p = actions.add_parser("history", help="show the change log", formatter_class=HelpFormatter,
                           description="Show the registry's change log, newest first.",
                           epilog="""example:
  resolve registry history --db reg.db --limit 20""")
    p.add_argument("--limit", type=int, default=50)
    db_option(p)


def run(args: argparse.Namespace) -> int:
    if args.action == "import":
        sep = delimiter(args)
        registry = open_registry(args.db, create=True)
        try:
            with Progress(InputSize(None), "aliases imported") as progress:
                report = registry.import_csv(args.file, encoding=args.encoding, author=args.author,
                                             progress=lambda rows, size: progress.follow(size).at(rows),
                                             delimiter=sep)
        except BaseException:
            registry.close(remove_unused=True)  # a failed first import leaves no file
            raise
        ignored = report.ignored_columns
        if report.assumed:
            say(f"{args.file}: {report.assumed} (-d sets the delimiter)")
        say(f"{args.file}: {report.rows} rows, {report.entities_added} new entities, "
            f"{report.aliases_added} new aliases, {report.aliases_updated} aliases updated "
            f"({len(registry)} entities in {args.db})"
            + (f"; ignored column(s) {', '.join(map(repr, ignored))} (import reads "
               f"{', '.join(IMPORT_COLUMNS)})" if ignored else ""))
        registry.close()
        return 0
    with open_registry(args.db) as registry:
        if args.action == "export":
            count = registry.export_csv(args.output, escape_formulas=args.escape_formulas)
            say(f"{count} aliases written")
        elif args.action == "merge":
            kept = registry.merge(args.keep, args.drop, author=args.author, note=args.note)
            say(f"{args.drop} now redirects to {kept}")
        elif args.action == "split":
            former = registry.split(args.entity_id, author=args.author, note=args.note)
            say(f"{args.entity_id} no longer redirects to {former}")
        elif args.action == "judge":
            j = registry.judge(args.a, args.b, args.verdict, author=args.author, note=args.note)
            say(f"judged {j.left!r} / {j.right}: {j.verdict}")
        elif args.action == "show":
            _show(registry, args.entity_id)
        elif args.action == "history":
            for event in registry.history(args.limit):
                detail = {k: v for k, v in event.items() if k not in ("seq", "at", "author", "action") and v}
                who = f" by {printable(event['author'])}" if event["author"] else ""
                print(f"{event['seq']:>5}  {event['at']}  {printable(event['action'])}{who}  "
                      + ", ".join(f"{k}={printable(v)}" for k, v in sorted(detail.items())))
    return 0


def _show(registry: Registry, entity_id: str) -> None:
    e = registry.entity(entity_id)
    if e.merged_into:
        print(f"{printable(e.id)} was merged into {printable(registry.canonical(e.id))}; showing that entity\n")
        e = registry.entity(registry.canonical(e.id))
    print(f"{printable(e.id)}  {printable(e.name)}  ({printable(e.kind)})")
    members = [m for m in registry.members(e.id) if m != e.id]
    if members:
        print(f"  merged from: {', '.join(map(printable, members))}")
    print("  aliases:")
    for member in [e.id] + members:
        for a in registry.entity(member).aliases:
            weak = "weak alias" if a.quality == "weak" else ""
            extra = ", ".join(printable(x) for x in (a.script, a.lang, a.source, weak) if x)
            print(f"    {printable(a.name)}  [{extra}]")
    judgements = registry.judgements(e.id)
    if judgements:
        print("  judgements:")
        for j in judgements:
            who = f" by {printable(j.author)}" if j.author else ""
            note = f": {printable(j.note)}" if j.note else ""
            print(f"    {printable(j.left)} / {printable(j.right)}: {j.verdict}{who} at {j.at}{note}")

