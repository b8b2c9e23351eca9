"""Command line: `python -m kit export|report|evaluate|bench|exercises|grade ...` (`--help` on each)."""

from __future__ import annotations

import argparse
import os
import sys

import pandas as pd

from kit.export import export
from kit.load import load_corpus


def main(argv: list[str] | None = None) -> int:
    """Run the kit's command line; return the exit status."""
    parser = argparse.ArgumentParser(prog="python -m kit", description="News-media analysis kit.")
    commands = parser.add_subparsers(dest="command", required=True)
    export_cmd = commands.add_parser("export", help="write the corpus tables and a load report to a folder")
    export_cmd.add_argument("out_dir", help="folder to write into (created if missing)")
    export_cmd.add_argument("--corpus", default=None, help="file or folder to load (default: the bundled corpus)")
    export_cmd.add_argument(
        "--format", choices=["csv", "parquet", "duckdb"], default="csv", help="one file per table, or one database"
    )
    export_cmd.add_argument(
        "--dedupe", choices=["drop", "report", "none"], default="drop", help="duplicate articles (default: drop)"
    )
    export_cmd.add_argument("--workers", type=int, default=1, help="processes for the per-article lenses (0: all CPUs)")
    export_cmd.add_argument("--dask", default=None, metavar="SCHEDULER_ADDRESS", help="tag on a Dask cluster")
    export_cmd.add_argument("--catalog", default=None, help="CSV of facts the pages do not print")
    export_cmd.add_argument(
        "--no-lenses", action="store_true", help="write only the corpus tables, not the lens tables"
    )
    export_cmd.add_argument(
        "--stream",
        action="store_true",
        help="read and write chunk by chunk, holding only what the cross-article steps need (Parquet: parts per table)",
    )
    export_cmd.add_argument("--chunk-size", type=int, default=200, help="articles per chunk with --stream")
    evaluate_cmd = commands.add_parser("evaluate", help="score a tagger against your own or public annotations")
    evaluate_cmd.add_argument("task", choices=["quotes", "loaded", "comments", "events"], help="which tagger to score")
    evaluate_cmd.add_argument("gold", help="JSONL annotations with character offsets (see kit/evaluate.py)")
    evaluate_cmd.add_argument(
        "--corpus", default=None, help="the annotated articles (default: corpus.jsonl beside GOLD)"
    )
    bench_cmd = commands.add_parser("bench", help="time every stage on a synthetic corpus and print the ratios")
    bench_cmd.add_argument("--articles", type=int, default=1000, help="how many synthetic articles (default 1000)")
    bench_cmd.add_argument("--seed", type=int, default=0)
    bench_cmd.add_argument(
        "--workers", type=int, default=1, help="also time every lens with this many worker processes (0: all CPUs)"
    )
    report_cmd = commands.add_parser("report", help="run the lessons on a corpus and write one offline HTML report")
    report_cmd.add_argument("out_html", help="HTML file to write")
    report_cmd.add_argument("--corpus", default=None, help="file or folder to load (default: the bundled corpus)")
    report_cmd.add_argument("--catalog", default=None, help="CSV of facts the pages do not print")
    report_cmd.add_argument(
        "--lessons", default=None, help="comma-separated lesson numbers to include, e.g. 01,02 (default: all)"
    )
    exercises_cmd = commands.add_parser("exercises", help="build student and grader versions of the exercises")
    exercises_cmd.add_argument("action", choices=["build"], help="build: write OUT/student and OUT/autograder")
    exercises_cmd.add_argument("--source", default="exercises", help="folder of exercise masters (default exercises/)")
    exercises_cmd.add_argument("--out", default="build/exercises", help="where to write (default build/exercises/)")
    grade_cmd = commands.add_parser("grade", help="grade a folder of student notebooks in batch")
    grade_cmd.add_argument("submissions", help="folder of submitted .ipynb files (searched recursively)")
    grade_cmd.add_argument("out_csv", help="CSV to write: one row per submission and task, with feedback")
    grade_cmd.add_argument(
        "--autograder", default="build/exercises", help="output of `exercises build` (default build/exercises/)"
    )
    grade_cmd.add_argument("--timeout", type=int, default=120, help="seconds allowed per notebook (default 120)")
    grade_cmd.add_argument(
        "--isolation",
        choices=["auto", "sandbox", "none"],
        default="auto",
        help="run student code in the Linux sandbox: auto (where possible, else warn), sandbox (required), none",
    )
    args = parser.parse_args(argv)

    if args.command == "report":
        from kit.report import report

        try:
            path = report(args.out_html, corpus=args.corpus, catalog=args.catalog, lessons=args.lessons)
        except (FileNotFoundError, RuntimeError) as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
        print(f"wrote {path}")
        return 0

    if args.command == "exercises":
        from kit.exercises import build

        for path in build(args.source, args.out):
            print(f"wrote {path}")
        return 0

    if args.command == "grade":
        from kit.exercises import grade

        scores = grade(
            args.submissions, args.out_csv, autograder=args.autograder, timeout=args.timeout, isolation=args.isolation
        )
        print(scores.groupby("submission")[["score", "possible"]].sum().to_string())
        print(f"student code ran {'in the sandbox' if scores.attrs['isolation'] == 'sandbox' else 'WITHOUT a sandbox'}")
        print(f"wrote {args.out_csv}")
        return 0

    if args.command == "bench":
        from kit.bench import report, run

        workers = args.workers if args.workers > 0 else os.cpu_count() or 1
        print(report(run(args.articles, args.seed, workers)))
        return 0

    if args.command == "evaluate":
        from kit.evaluate import run

        table = run(args.task, args.gold, args.corpus)
        with pd.option_context("display.width", 160, "display.float_format", "{:.3f}".format):
            print(table.to_string(index=False))
        return 0

    if args.command == "export" and args.stream:
        from kit.export import export_stream

        if args.no_lenses:
            print("error: --stream writes every table; leave out --no-lenses", file=sys.stderr)
            return 2
        dedupe = None if args.dedupe == "none" else args.dedupe
        try:
            paths = export_stream(
                args.corpus,
                args.out_dir,
                args.format,
                chunk_size=args.chunk_size,
                workers=args.workers,
                dask=args.dask,
                catalog=args.catalog,
                dedupe=dedupe,
            )
        except (FileNotFoundError, RuntimeError, ValueError) as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
        for path in paths:
            print(f"wrote {path}")
        print(f"problems, if any, are listed in {paths[-1]}", file=sys.stderr)
        return 0

    if args.command == "export":
        try:
            corpus = load_corpus(
                args.corpus, catalog=args.catalog, dedupe=None if args.dedupe == "none" else args.dedupe
            )
        except FileNotFoundError as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
        try:
            paths = export(
                corpus, args.out_dir, args.format, lenses=not args.no_lenses, workers=args.workers, dask=args.dask
            )
        except RuntimeError as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
        print(f"{corpus}")
        for path in paths:
            print(f"wrote {path}")
        errors = int((corpus.problems.severity == "error").sum())
        if len(corpus.problems):
            print(f"{len(corpus.problems)} problems ({errors} errors): see {paths[-1]}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
