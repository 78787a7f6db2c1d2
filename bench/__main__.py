"""``python -m bench generate|run [--scale S]`` with the bench settings (``make bench``)."""

import argparse
import os
import sys


def main(argv=None) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    from bench import generate, runner

    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("command", choices=["generate", "run"])
    parser.add_argument("--scale", type=float, default=1.0, help="1 = the issue's sizes")
    parser.add_argument("--repeat", type=int, default=5, help="runs per timing (median)")
    parser.add_argument("--only", nargs="*", default=None, help="benchmark names to run")
    parser.add_argument("--reuse", action="store_true", help="run on the programme already built")
    parser.add_argument("--output", default=None, help="write the figures as Markdown here")
    args = parser.parse_args(argv)
    runner.prepare_database()
    if args.command == "generate":
        generate.generate(scale=args.scale)
        return 0
    results = runner.run(scale=args.scale, repeat=args.repeat, only=args.only, reuse=args.reuse)
    if args.output:
        runner.write_markdown(results, args.output)
    return 0 if all(r.passed is not False for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
