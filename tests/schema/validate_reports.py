#!/usr/bin/python3
"""Validate every *.json report in a directory against docs/report.schema.json.

Usage: validate_reports.py SCHEMA DIRECTORY

Prints one line per document and a closing "N passed, M failed" line. Exits 1
when any document fails, and also when the directory is missing or holds no
document: a validation that checked nothing must not pass.
"""
import json
import pathlib
import sys

import jsonschema


def _reject_duplicates(pairs):
    """object_pairs_hook: a member given twice is an error, not "last wins"."""
    seen = {}
    for key, value in pairs:
        if key in seen:
            raise ValueError(f"duplicate member {key!r}")
        seen[key] = value
    return seen


def _reject_constant(name):
    raise ValueError(f"{name} is not JSON")


def load_json(path):
    """Strict JSON: UTF-8, no duplicate members, no NaN/Infinity."""
    with open(path, encoding="utf-8") as stream:
        return json.load(stream, object_pairs_hook=_reject_duplicates,
                         parse_constant=_reject_constant)


def load_validator(schema_path):
    """The validator for the schema's own $schema; an unknown draft is an error
    rather than a silent fallback to the newest one."""
    schema = load_json(schema_path)
    validator_class = jsonschema.validators.validator_for(schema, default=None)
    if validator_class is None:
        raise ValueError(f"{schema_path}: unsupported $schema {schema.get('$schema')!r}")
    validator_class.check_schema(schema)
    return validator_class(schema)


def describe(error):
    where = "/".join(str(part) for part in error.absolute_path) or "(document)"
    return f"{where}: {error.message}"


def problems(validator, document):
    """Every schema violation of `document`, as readable lines."""
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
    return [describe(error) for error in errors]


def validate_file(validator, path):
    try:
        document = load_json(path)
    except (OSError, ValueError) as error:
        return [f"not JSON: {error}"]
    return problems(validator, document)


def main(argv):
    if len(argv) != 3:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 64
    schema_path, directory = pathlib.Path(argv[1]), pathlib.Path(argv[2])
    try:
        validator = load_validator(schema_path)
    except (OSError, ValueError, jsonschema.exceptions.SchemaError) as error:
        print(f"FAIL schema {schema_path}: {error}")
        return 1
    if not directory.is_dir():
        print(f"FAIL {directory}: no such directory, so no report was produced to validate")
        return 1
    documents = sorted(directory.glob("*.json"))
    passed = failed = 0
    for path in documents:
        found = validate_file(validator, path)
        if found:
            failed += 1
            print(f"FAIL {path.name}")
            for line in found:
                print(f"     {line}")
        else:
            passed += 1
            print(f"ok   {path.name}")
    if not documents:
        print(f"FAIL {directory}: holds no *.json document")
    print(f"{passed} passed, {failed} failed")
    return 0 if documents and failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
