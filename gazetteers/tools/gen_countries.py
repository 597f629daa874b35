#!/usr/bin/python3
"""Generate countries.tsv and demonyms.tsv.

Sources: Debian package iso-codes (iso_3166-1.json, iso_3166-3.json) and the
npm package world-countries (alternative spellings, coordinates, demonyms),
plus the curated alias tables below (news usages such as "U.S.", "Britain").

Usage: gen_countries.py [--check] [WORLD_COUNTRIES_TARBALL]
Without a tarball the pinned version is fetched with `npm pack`; exit 77 if
that is impossible.  --check regenerates into memory and exits 1 if a
committed file differs.
"""
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gazlib  # noqa: E402

PACKAGE = "world-countries"
VERSION = "5.1.0"
ISO_DIR = "/usr/share/iso-codes/json"

COLUMNS = ["name", "type", "subtype", "canonical", "id", "country", "lat", "lon", "case", "to"]
DEM_COLUMNS = ["name", "type", "subtype", "canonical", "id", "country", "case"]

# Canonical (common English) name where neither source's common name is the
# usual news form.
CANONICAL = {
    "CD": "Democratic Republic of the Congo",
    "CG": "Republic of the Congo",
    "CI": "Ivory Coast",
    "CZ": "Czech Republic",
    "MK": "North Macedonia",
    "VA": "Vatican City",
    "PS": "Palestine",
    "FM": "Micronesia",
    "BN": "Brunei",
    "LA": "Laos",
    "SY": "Syria",
    "MD": "Moldova",
    "TZ": "Tanzania",
    "VE": "Venezuela",
    "BO": "Bolivia",
    "RU": "Russia",
    "KR": "South Korea",
    "KP": "North Korea",
    "TW": "Taiwan",
    "IR": "Iran",
    "VN": "Vietnam",
    "GB": "United Kingdom",
    "US": "United States",
    "TR": "Turkey",
    "CV": "Cape Verde",
    "TL": "East Timor",
    "SZ": "Eswatini",
    "MM": "Myanmar",
}

# Extra surface forms used in English news.  (name, case)
ALIASES = {
    "US": [("US", "exact"), ("U.S.", ""), ("U.S.A.", ""), ("USA", "exact"), ("U.S.A", ""),
           ("United States", ""), ("United States of America", ""), ("America", "cap"),
           ("the States", ""), ("the U.S.", ""), ("the US", "exact")],
    "GB": [("UK", "exact"), ("U.K.", ""), ("Britain", ""), ("Great Britain", ""),
           ("United Kingdom", ""), ("the UK", "exact"), ("the U.K.", "")],
    "AE": [("UAE", "exact"), ("U.A.E.", ""), ("Emirates", "cap"), ("the Emirates", "")],
    "CD": [("DRC", "exact"), ("DR Congo", ""), ("D.R. Congo", ""), ("Congo-Kinshasa", ""),
           ("Democratic Republic of Congo", ""), ("Democratic Republic of the Congo", ""),
           ("Congo Kinshasa", "")],
    "CG": [("Congo-Brazzaville", ""), ("Congo Brazzaville", ""), ("Republic of Congo", ""),
           ("Republic of the Congo", ""), ("Congo", "cap")],
    "CI": [("Ivory Coast", ""), ("Côte d'Ivoire", ""), ("Cote d'Ivoire", ""), ("Cote dIvoire", "")],
    "KR": [("South Korea", ""), ("ROK", "exact"), ("Republic of Korea", ""), ("S. Korea", "")],
    "KP": [("North Korea", ""), ("DPRK", "exact"), ("D.P.R.K.", ""), ("N. Korea", ""),
           ("Democratic People's Republic of Korea", "")],
    "RU": [("Russia", ""), ("Russian Federation", "")],
    "IR": [("Iran", ""), ("Islamic Republic of Iran", ""), ("Persia", "cap")],
    "SY": [("Syria", ""), ("Syrian Arab Republic", "")],
    "VN": [("Vietnam", ""), ("Viet Nam", ""), ("Viet-Nam", "")],
    "CZ": [("Czechia", ""), ("Czech Republic", "")],
    "MM": [("Burma", ""), ("Myanmar", "")],
    "NL": [("Holland", ""), ("the Netherlands", ""), ("Netherlands", "")],
    "CN": [("PRC", "exact"), ("P.R.C.", ""), ("People's Republic of China", ""),
           ("mainland China", ""), ("Mainland China", "")],
    "TW": [("Republic of China", ""), ("Chinese Taipei", ""), ("Formosa", "")],
    "VA": [("Vatican", ""), ("Vatican City", ""), ("Holy See", ""), ("the Holy See", "")],
    "PS": [("Palestine", ""), ("State of Palestine", ""), ("Palestinian Territories", ""),
           ("Palestinian territories", ""), ("occupied Palestinian territories", ""),
           ("Occupied Palestinian Territories", "")],
    "LY": [("Libya", "")],
    "LA": [("Laos", "")],
    "MK": [("North Macedonia", ""), ("Macedonia", ""), ("FYROM", "exact"),
           ("Former Yugoslav Republic of Macedonia", "")],
    "SZ": [("Eswatini", ""), ("Swaziland", "")],
    "TR": [("Turkey", "cap"), ("Türkiye", ""), ("Turkiye", "")],
    "CV": [("Cape Verde", ""), ("Cabo Verde", "")],
    "TL": [("East Timor", ""), ("Timor-Leste", ""), ("Timor Leste", "")],
    "BO": [("Bolivia", "")],
    "MD": [("Moldova", "")],
    "TZ": [("Tanzania", "")],
    "FM": [("Micronesia", "")],
    "BN": [("Brunei", "")],
    "DE": [("Germany", ""), ("West Germany", ""), ("Federal Republic of Germany", ""),
           ("FRG", "exact")],
    "CH": [("Switzerland", "")],
    "GE": [("Georgia", "cap")],
    "JO": [("Jordan", "cap")],
    "CL": [("Chile", "cap")],
    "TG": [("Togo", "")],
    "CH": [("Switzerland", "")],
    "SA": [("Saudi Arabia", ""), ("KSA", "exact"), ("the Kingdom", "")],
    "VE": [("Venezuela", "")],
    "KG": [("Kyrgyzstan", ""), ("Kirghizia", "")],
    "BY": [("Belarus", ""), ("Byelorussia", ""), ("Belorussia", "")],
    "MV": [("Maldives", ""), ("the Maldives", "")],
    "PH": [("Philippines", ""), ("the Philippines", "")],
    "GM": [("Gambia", ""), ("The Gambia", ""), ("the Gambia", "")],
    "BS": [("Bahamas", ""), ("The Bahamas", ""), ("the Bahamas", "")],
    "SD": [("Sudan", "")],
    "SS": [("South Sudan", "")],
    "BA": [("Bosnia", ""), ("Bosnia-Herzegovina", ""), ("Bosnia and Herzegovina", ""),
           ("Bosnia & Herzegovina", "")],
    "TT": [("Trinidad", ""), ("Trinidad and Tobago", "")],
    "KN": [("St Kitts and Nevis", ""), ("St. Kitts and Nevis", "")],
    "LC": [("St Lucia", ""), ("St. Lucia", "")],
    "VC": [("St Vincent and the Grenadines", ""), ("St. Vincent and the Grenadines", "")],
    "EH": [("Western Sahara", ""), ("Sahrawi Arab Democratic Republic", ""), ("SADR", "exact")],
    "GQ": [("Equatorial Guinea", "")],
    "GW": [("Guinea-Bissau", ""), ("Guinea Bissau", "")],
    "HK": [("Hong Kong", "")],
    "FK": [("Falklands", ""), ("Falkland Islands", ""), ("Malvinas", ""), ("the Falklands", "")],
    "MO": [("Macau", ""), ("Macao", "")],
    "XK": [("Kosovo", "")],
}

# alpha-3 codes that are English words, abbreviations or acronyms in their own
# right; they are not added as names.
ALPHA3_STOP = set("""
AND ARE ARM ASM ATA ATF BEL BEN BES BRA CAF CAN CHE CIV COD COG COL CUB DMA DOM ECU
ESP EST FIN GAB GEO GIN GUM GUY HMD HUN IND IOT IRL JAM KEN LIE MAC MAR MDA MEX MUS NAM
NOR PAN PER PNG POL PRI SEN SOM SPM SUR TLS TON TUN VAT ALA MAF BLM ABW AIA ATG BHS
MLT NIU SHN TUV SGS UMI BVT CXR CCK NFK PCN SJM WLF MYT REU GRD LCA VCT KNA STP
""".split())

# Former countries (ISO 3166-3) that news of 1985-2026 mentions.
FORMER = {
    "SUHH": ("Soviet Union", [("Soviet Union", ""), ("USSR", "exact"), ("U.S.S.R.", ""),
                              ("Union of Soviet Socialist Republics", ""), ("the Soviet Union", "")]),
    "DDDE": ("East Germany", [("East Germany", ""), ("GDR", "exact"), ("German Democratic Republic", "")]),
    "YUCS": ("Yugoslavia", [("Yugoslavia", ""), ("Federal Republic of Yugoslavia", ""),
                            ("Socialist Federal Republic of Yugoslavia", "")]),
    "CSHH": ("Czechoslovakia", [("Czechoslovakia", "")]),
    "CSXX": ("Serbia and Montenegro", [("Serbia and Montenegro", "")]),
    "ZRCD": ("Zaire", [("Zaire", "")]),
    "YDYE": ("South Yemen", [("South Yemen", ""), ("People's Democratic Republic of Yemen", "")]),
    "RHZW": ("Rhodesia", [("Rhodesia", ""), ("Southern Rhodesia", "")]),
    "HVBF": ("Upper Volta", [("Upper Volta", "")]),
    "DYBJ": ("Dahomey", [("Dahomey", "")]),
    "ANHH": ("Netherlands Antilles", [("Netherlands Antilles", "")]),
    "NHVU": ("New Hebrides", [("New Hebrides", "")]),
}

# Demonyms: extra nationality forms beyond world-countries (name, country, case)
EXTRA_DEMONYMS = [
    ("Saudi", "SA"), ("Saudis", "SA"), ("Saudi Arabians", "SA"),
    ("Briton", "GB"), ("Britons", "GB"), ("Brit", "GB"), ("Brits", "GB"),
    ("English", "GB"), ("Englishman", "GB"), ("Englishmen", "GB"), ("Englishwoman", "GB"),
    ("Scottish", "GB"), ("Scot", "GB"), ("Scots", "GB"), ("Welsh", "GB"),
    ("Northern Irish", "GB"), ("Frenchman", "FR"), ("Frenchmen", "FR"), ("Frenchwoman", "FR"),
    ("Dutchman", "NL"), ("Dutchmen", "NL"), ("Irishman", "IE"), ("Irishmen", "IE"),
    ("Emiratis", "AE"), ("Emirati", "AE"), ("Basotho", "LS"), ("Batswana", "BW"),
    ("Soviet", "SU"), ("Soviets", "SU"), ("East German", "DD"), ("East Germans", "DD"),
    ("West German", "DE"), ("West Germans", "DE"), ("Yugoslav", "YU"), ("Yugoslavs", "YU"),
    ("Czechoslovak", "CS"), ("Czechoslovaks", "CS"), ("Zairean", "ZR"), ("Zaireans", "ZR"),
    ("Congolese", "CD"), ("Ivorian", "CI"), ("Ivorians", "CI"), ("Burmese", "MM"),
    ("Myanmarese", "MM"), ("Czech", "CZ"), ("Czechs", "CZ"), ("Slovak", "SK"), ("Slovaks", "SK"),
    ("South Korean", "KR"), ("South Koreans", "KR"), ("North Korean", "KP"), ("North Koreans", "KP"),
    ("Korean", "KR"), ("Koreans", "KR"), ("Filipino", "PH"), ("Filipinos", "PH"), ("Filipina", "PH"),
    ("Kiwi", "NZ"), ("Kiwis", "NZ"), ("Aussie", "AU"), ("Aussies", "AU"),
    ("Taiwanese", "TW"), ("Hong Konger", "HK"), ("Hong Kongers", "HK"),
    ("Palestinian", "PS"), ("Palestinians", "PS"), ("Israeli", "IL"), ("Israelis", "IL"),
    ("Sahrawi", "EH"), ("Sahrawis", "EH"), ("Saharawi", "EH"), ("Saharawis", "EH"),
    ("Kosovar", "XK"), ("Kosovars", "XK"), ("Kosovan", "XK"), ("Bosnian", "BA"), ("Bosnians", "BA"),
    ("Herzegovinian", "BA"), ("Macedonian", "MK"), ("Macedonians", "MK"),
    ("Belarusian", "BY"), ("Belarusians", "BY"), ("Byelorussian", "BY"),
    ("Vietnamese", "VN"), ("Lao", "LA"), ("Laotian", "LA"), ("Laotians", "LA"),
    ("Thai", "TH"), ("Thais", "TH"), ("Swazi", "SZ"), ("Swazis", "SZ"),
    ("Timorese", "TL"), ("East Timorese", "TL"), ("Cape Verdean", "CV"), ("Cape Verdeans", "CV"),
    ("Turk", "TR"), ("Turks", "TR"), ("Turkish", "TR"), ("Iranian", "IR"), ("Iranians", "IR"),
    ("Persian", "IR"), ("Syrian", "SY"), ("Syrians", "SY"), ("Russian", "RU"), ("Russians", "RU"),
    ("American", "US"), ("Americans", "US"), ("British", "GB"), ("Moroccan", "MA"),
    ("Moroccans", "MA"), ("Algerian", "DZ"), ("Algerians", "DZ"), ("Tunisian", "TN"),
    ("Tunisians", "TN"), ("Libyan", "LY"), ("Libyans", "LY"), ("Egyptian", "EG"), ("Egyptians", "EG"),
    ("Mauritanian", "MR"), ("Mauritanians", "MR"), ("Chinese", "CN"), ("French", "FR"),
    ("Pole", "PL"), ("Poles", "PL"), ("Dane", "DK"), ("Danes", "DK"), ("Swede", "SE"), ("Swedes", "SE"),
    ("Finn", "FI"), ("Finns", "FI"), ("Spaniard", "ES"), ("Spaniards", "ES"), ("Spanish", "ES"),
    ("Greek", "GR"), ("Greeks", "GR"), ("Dutch", "NL"), ("Swiss", "CH"), ("Japanese", "JP"),
    ("Lebanese", "LB"), ("Sudanese", "SD"), ("South Sudanese", "SS"), ("Senegalese", "SN"),
    ("Maltese", "MT"), ("Portuguese", "PT"), ("Nepalese", "NP"), ("Nepali", "NP"),
    ("Bangladeshi", "BD"), ("Bangladeshis", "BD"), ("Pakistani", "PK"), ("Pakistanis", "PK"),
    ("Afghan", "AF"), ("Afghans", "AF"), ("Afghani", "AF"), ("Iraqi", "IQ"), ("Iraqis", "IQ"),
    ("Yemeni", "YE"), ("Yemenis", "YE"), ("Omani", "OM"), ("Omanis", "OM"), ("Qatari", "QA"),
    ("Qataris", "QA"), ("Kuwaiti", "KW"), ("Kuwaitis", "KW"), ("Bahraini", "BH"), ("Bahrainis", "BH"),
    ("Jordanian", "JO"), ("Jordanians", "JO"), ("Emirian", "AE"),
    ("Icelander", "IS"), ("Icelanders", "IS"), ("Icelandic", "IS"), ("Luxembourger", "LU"),
    ("Luxembourgers", "LU"), ("Monegasque", "MC"), ("Argentine", "AR"), ("Argentines", "AR"),
    ("Argentinian", "AR"), ("Argentinians", "AR"), ("Brazilian", "BR"), ("Brazilians", "BR"),
    ("Mexican", "MX"), ("Mexicans", "MX"), ("Canadian", "CA"), ("Canadians", "CA"),
    ("Indian", "IN"), ("Indians", "IN"), ("Kurdish", None), ("Uzbek", "UZ"), ("Uzbeks", "UZ"),
    ("Kazakh", "KZ"), ("Kazakhs", "KZ"), ("Kazakhstani", "KZ"), ("Tajik", "TJ"), ("Tajiks", "TJ"),
    ("Turkmen", "TM"), ("Kyrgyz", "KG"), ("Azeri", "AZ"), ("Azeris", "AZ"), ("Azerbaijani", "AZ"),
    ("Azerbaijanis", "AZ"), ("Armenian", "AM"), ("Armenians", "AM"), ("Georgian", "GE"),
    ("Georgians", "GE"), ("Ukrainian", "UA"), ("Ukrainians", "UA"), ("Moldovan", "MD"),
    ("Moldovans", "MD"), ("Romanian", "RO"), ("Romanians", "RO"), ("Bulgarian", "BG"),
    ("Bulgarians", "BG"), ("Serb", "RS"), ("Serbs", "RS"), ("Serbian", "RS"), ("Croat", "HR"),
    ("Croats", "HR"), ("Croatian", "HR"), ("Slovene", "SI"), ("Slovenes", "SI"), ("Slovenian", "SI"),
    ("Montenegrin", "ME"), ("Albanian", "AL"), ("Albanians", "AL"), ("Hungarian", "HU"),
    ("Hungarians", "HU"), ("Austrian", "AT"), ("Austrians", "AT"), ("German", "DE"), ("Germans", "DE"),
    ("Belgian", "BE"), ("Belgians", "BE"), ("Italian", "IT"), ("Italians", "IT"),
    ("Norwegian", "NO"), ("Norwegians", "NO"), ("Estonian", "EE"), ("Estonians", "EE"),
    ("Latvian", "LV"), ("Latvians", "LV"), ("Lithuanian", "LT"), ("Lithuanians", "LT"),
    ("Cypriot", "CY"), ("Cypriots", "CY"), ("Nigerian", "NG"), ("Nigerians", "NG"),
    ("Nigerien", "NE"), ("Nigeriens", "NE"), ("Malian", "ML"), ("Malians", "ML"),
    ("Burkinabe", "BF"), ("Burkinabè", "BF"), ("Chadian", "TD"), ("Chadians", "TD"),
    ("Somali", "SO"), ("Somalis", "SO"), ("Ethiopian", "ET"), ("Ethiopians", "ET"),
    ("Eritrean", "ER"), ("Eritreans", "ER"), ("Kenyan", "KE"), ("Kenyans", "KE"),
    ("Ugandan", "UG"), ("Ugandans", "UG"), ("Rwandan", "RW"), ("Rwandans", "RW"),
    ("Burundian", "BI"), ("Burundians", "BI"), ("Tanzanian", "TZ"), ("Tanzanians", "TZ"),
    ("South African", "ZA"), ("South Africans", "ZA"), ("Zimbabwean", "ZW"), ("Zimbabweans", "ZW"),
    ("Zambian", "ZM"), ("Zambians", "ZM"), ("Angolan", "AO"), ("Angolans", "AO"),
    ("Mozambican", "MZ"), ("Mozambicans", "MZ"), ("Ghanaian", "GH"), ("Ghanaians", "GH"),
    ("Cameroonian", "CM"), ("Cameroonians", "CM"), ("Gabonese", "GA"), ("Malagasy", "MG"),
    ("Venezuelan", "VE"), ("Venezuelans", "VE"), ("Colombian", "CO"), ("Colombians", "CO"),
    ("Peruvian", "PE"), ("Peruvians", "PE"), ("Chilean", "CL"), ("Chileans", "CL"),
    ("Bolivian", "BO"), ("Bolivians", "BO"), ("Ecuadorian", "EC"), ("Ecuadorians", "EC"),
    ("Cuban", "CU"), ("Cubans", "CU"), ("Haitian", "HT"), ("Haitians", "HT"),
    ("Dominican", "DO"), ("Nicaraguan", "NI"), ("Nicaraguans", "NI"), ("Salvadoran", "SV"),
    ("Salvadorans", "SV"), ("Guatemalan", "GT"), ("Guatemalans", "GT"), ("Honduran", "HN"),
    ("Hondurans", "HN"), ("Panamanian", "PA"), ("Panamanians", "PA"), ("Uruguayan", "UY"),
    ("Uruguayans", "UY"), ("Paraguayan", "PY"), ("Paraguayans", "PY"), ("Australian", "AU"),
    ("Australians", "AU"), ("New Zealander", "NZ"), ("New Zealanders", "NZ"),
    ("Indonesian", "ID"), ("Indonesians", "ID"), ("Malaysian", "MY"), ("Malaysians", "MY"),
    ("Singaporean", "SG"), ("Singaporeans", "SG"), ("Cambodian", "KH"), ("Cambodians", "KH"),
    ("Mongolian", "MN"), ("Mongolians", "MN"), ("Sri Lankan", "LK"), ("Sri Lankans", "LK"),
    ("Irish", "IE"), ("Israeli Arab", "IL"), ("Israeli Arabs", "IL"),
]

# Religious, ethnic and political groups (NORP subtype group); country where one applies.
GROUPS = [
    ("Islamist", None), ("Islamists", None), ("Muslim", None), ("Muslims", None),
    ("Moslem", None), ("Moslems", None), ("Islamic", None),
    ("Christian", None), ("Christians", None), ("Catholic", None), ("Catholics", None),
    ("Roman Catholic", None), ("Roman Catholics", None), ("Protestant", None), ("Protestants", None),
    ("Evangelical", None), ("Evangelicals", None), ("Orthodox", None), ("Coptic", "EG"), ("Copt", "EG"),
    ("Copts", "EG"), ("Maronite", "LB"), ("Maronites", "LB"), ("Anglican", None), ("Anglicans", None),
    ("Jewish", None), ("Jew", None), ("Jews", None), ("Zionist", None), ("Zionists", None),
    ("Shiite", None), ("Shiites", None), ("Shia", None), ("Shi'ite", None), ("Shi'ites", None),
    ("Sunni", None), ("Sunnis", None), ("Alawite", "SY"), ("Alawites", "SY"), ("Druze", None),
    ("Salafist", None), ("Salafists", None), ("Salafi", None), ("Wahhabi", None), ("Sufi", None),
    ("Jihadist", None), ("Jihadists", None), ("Hindu", None), ("Hindus", None), ("Sikh", None),
    ("Sikhs", None), ("Buddhist", None), ("Buddhists", None), ("Yazidi", None), ("Yazidis", None),
    ("Baha'i", None), ("Mormon", None), ("Mormons", None),
    ("Kurd", None), ("Kurds", None), ("Kurdish", None), ("Berber", None), ("Berbers", None),
    ("Amazigh", None), ("Tuareg", None), ("Tuaregs", None), ("Arab", None), ("Arabs", None),
    ("Pashtun", None), ("Pashtuns", None), ("Hazara", "AF"), ("Hazaras", "AF"), ("Tamil", None),
    ("Tamils", None), ("Uighur", "CN"), ("Uighurs", "CN"), ("Uyghur", "CN"), ("Uyghurs", "CN"),
    ("Tibetan", "CN"), ("Tibetans", "CN"), ("Rohingya", "MM"), ("Hutu", None), ("Hutus", None),
    ("Tutsi", None), ("Tutsis", None), ("Fulani", None), ("Kabyle", "DZ"), ("Chechen", "RU"),
    ("Chechens", "RU"), ("Basque", None), ("Basques", None), ("Catalan", "ES"), ("Catalans", "ES"),
    ("Flemish", "BE"), ("Walloon", "BE"), ("Latino", None), ("Latinos", None), ("Hispanic", None),
    ("Hispanics", None), ("African American", "US"), ("African Americans", "US"),
    ("African-American", "US"), ("African-Americans", "US"), ("Bedouin", None),
    ("Democrat", "US"), ("Democrats", "US"), ("Republican", "US"), ("Republicans", "US"),
    ("Communist", None), ("Communists", None), ("Socialist", None), ("Socialists", None),
    ("Social Democrat", None), ("Social Democrats", None), ("Christian Democrat", None),
    ("Christian Democrats", None), ("Conservative", None), ("Conservatives", None),
    ("Tory", "GB"), ("Tories", "GB"), ("Labourite", "GB"), ("Liberal Democrat", "GB"),
    ("Liberal Democrats", "GB"), ("Lib Dems", "GB"), ("Liberal", None), ("Liberals", None),
    ("Gaullist", "FR"), ("Gaullists", "FR"), ("Marxist", None), ("Marxists", None),
    ("Leninist", None), ("Maoist", None), ("Maoists", None), ("Trotskyist", None),
    ("Sandinista", "NI"), ("Sandinistas", "NI"), ("Contra", "NI"), ("Contras", "NI"),
    ("Peronist", "AR"), ("Peronists", "AR"), ("Chavista", "VE"), ("Chavistas", "VE"),
    ("Bolshevik", None), ("Bolsheviks", None), ("Nazi", None), ("Nazis", None),
    ("neo-Nazi", None), ("neo-Nazis", None), ("Fascist", None), ("Fascists", None),
    ("Baathist", None), ("Baathists", None), ("Ba'athist", None), ("Nasserist", "EG"),
    ("Zapatista", "MX"), ("Zapatistas", "MX"), ("Mujahideen", None), ("Mujahedeen", None),
    ("Mujahedin", None), ("Houthi", "YE"), ("Taliban", "AF"), ("Sahrawi", "EH"),
    ("Polisario", "EH"), ("Unionist", "GB"), ("Unionists", "GB"), ("Loyalist", "GB"),
    ("Loyalists", "GB"), ("Republican", "IE"), ("Nationalist", None), ("Nationalists", None),
    ("Separatist", None), ("Separatists", None), ("Greens", None), ("Green", None),
    ("Labour", "GB"), ("Whig", None), ("Federalist", None), ("Libertarian", None),
    ("Libertarians", None), ("Populist", None), ("Populists", None), ("Anarchist", None),
    ("Anarchists", None), ("Ashkenazi", None), ("Sephardi", None), ("Sephardic", None),
    ("Haredi", "IL"), ("ultra-Orthodox", "IL"), ("Ultra-Orthodox", "IL"),
]

def fetch_version_iso():
    try:
        out = subprocess.run(["dpkg-query", "-W", "-f=${Version}", "iso-codes"],
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, timeout=30)
        v = out.stdout.decode().strip()
        return v or "unknown"
    except OSError:
        return "unknown"


def npm_licence(pj):
    lic = pj.get("license") or pj.get("licenses")
    if isinstance(lic, list):
        lic = " AND ".join(l.get("type", "?") if isinstance(l, dict) else str(l) for l in lic)
    elif isinstance(lic, dict):
        lic = lic.get("type", "?")
    return lic or "unknown"


def uninvert(name):
    """'Korea, Republic of' -> 'Republic of Korea'; 'Virgin Islands, British'
    -> 'British Virgin Islands'; otherwise None."""
    if ", " not in name:
        return None
    head, tail = name.split(", ", 1)
    if tail.endswith(" of") or tail.endswith(" of the"):
        t = tail
        if t.startswith("The "):
            t = "the " + t[4:]
        return t + " " + head
    if " " not in tail and "," not in tail:
        return tail + " " + head
    return None


def surface_forms(name):
    """Names usable as surface forms from one source name."""
    out = []
    if "(" in name:
        base = name.split("(")[0].strip()
        inner = name[name.index("(") + 1:name.rindex(")")] if ")" in name else ""
        if "part" in inner.split() or len(inner) <= 8:
            inner = ""  # "(Dutch part)", "(Keeling)", "(Taiwan)": qualifiers, not names
        for n in (base, inner):
            if n:
                out.extend(surface_forms(n))
        return out
    inv = uninvert(name)
    if inv:
        out.append(inv)
    elif ", " in name:
        # list-like names ("Bonaire, Sint Eustatius and Saba") stay whole
        if " and " in name:
            out.append(name)
    else:
        out.append(name)
    return out


NO_PLURAL = {"Mosotho", "Motswana", "Djibouti", "Gibraltar", "Greenlandic", "Malagasy",
             "Burkinabe", "Burkinabè", "Kirghiz", "Kyrgyz", "Turkmen", "Lao", "Sahrawi"}


def plural(dem):
    if dem in NO_PLURAL or dem.endswith("ic"):
        return None
    if dem.endswith(("ese", "ss", "sh", "ch", "i", "y", "s", "x", "z")) and not dem.endswith(("li", "ni", "qi", "ri", "ti", "di", "si", "ki", "bi", "zi", "hi", "wi", "ai", "ji")):
        return None
    if dem.endswith("ese") or dem.endswith(("sh", "ch", "ss")):
        return None
    return dem + "s"


def main(argv):
    check, tarball = gazlib.parse_args(argv, needs_tarball=True)
    if not os.path.exists(os.path.join(ISO_DIR, "iso_3166-1.json")):
        sys.stderr.write("iso-codes not installed (skip)\n")
        return gazlib.EXIT_SKIP
    tf, tmp = gazlib.open_npm_tarball(PACKAGE, VERSION, tarball)
    try:
        pj = gazlib.package_json(tf)
        wc = json.loads(gazlib.read_member(tf, "package/countries.json").decode("utf-8"))
    finally:
        tf.close()
        gazlib.cleanup(tmp)
    iso_version = fetch_version_iso()
    with open(os.path.join(ISO_DIR, "iso_3166-1.json"), encoding="utf-8") as f:
        iso = json.load(f)["3166-1"]
    with open(os.path.join(ISO_DIR, "iso_3166-3.json"), encoding="utf-8") as f:
        iso3 = json.load(f)["3166-3"]

    wc_by = {c["cca2"]: c for c in wc}
    entries = {}  # alpha2 -> dict
    for c in iso:
        entries[c["alpha_2"]] = {"iso": c, "wc": wc_by.get(c["alpha_2"])}
    for a2, c in wc_by.items():  # e.g. XK (Kosovo), user-assigned code
        if a2 not in entries:
            entries[a2] = {"iso": None, "wc": c}

    rows = []
    dem_rows = []
    for a2, e in sorted(entries.items()):
        c, w = e["iso"], e["wc"]
        canonical = CANONICAL.get(a2) or (c and c.get("common_name")) or (w and w["name"]["common"]) or c["name"]
        names = {}  # name -> case

        def add(n, case=""):
            n = gazlib.clean(n)
            if not n or not gazlib.is_latin(n):
                return
            if n not in names or (case and not names[n]):
                names[n] = case

        add(canonical)
        if c:
            for key in ("name", "official_name", "common_name"):
                if c.get(key):
                    for n in surface_forms(c[key]):
                        add(n)
            a3 = c["alpha_3"]
            if a3 not in ALPHA3_STOP:
                add(a3, "exact")
        if w:
            add(w["name"]["common"])
            add(w["name"]["official"])
            for alt in w.get("altSpellings", []):
                if len(alt) <= 3 and alt.upper() == alt:
                    continue  # bare codes; wanted ones are in ALIASES
                for n in surface_forms(alt):
                    add(n)
        for n, case in ALIASES.get(a2, []):
            names[n] = case
        lat = lon = ""
        if w and w.get("latlng"):
            lat, lon = w["latlng"][0], w["latlng"][1]
        for n, case in names.items():
            rows.append({"name": n, "type": "LOC", "subtype": "country", "canonical": canonical,
                         "id": "iso3166:" + a2, "country": a2, "lat": lat, "lon": lon,
                         "case": case})
    # former countries
    for c in iso3:
        a4 = c["alpha_4"]
        if a4 not in FORMER:
            continue
        canonical, aliases = FORMER[a4]
        forms = {n: case for n, case in aliases}
        for n in surface_forms(c["name"]):
            forms.setdefault(n, "")
        for n, case in forms.items():
            rows.append({"name": n, "type": "LOC", "subtype": "former_country",
                         "canonical": canonical, "id": "iso3166-3:" + a4, "case": case,
                         "to": c.get("withdrawal_date", "")})

    # demonyms: world-countries English demonyms.  A demonym shared by several
    # entries is kept only for the independent ones.
    canon = {}
    for r in rows:
        if r["subtype"] == "country":
            canon[r["country"]] = r["canonical"]
    former_canon = {"SU": "Soviet Union", "DD": "East Germany", "YU": "Yugoslavia",
                    "CS": "Czechoslovakia", "ZR": "Zaire"}
    former_id = {"SU": "iso3166-3:SUHH", "DD": "iso3166-3:DDDE", "YU": "iso3166-3:YUCS",
                 "CS": "iso3166-3:CSHH", "ZR": "iso3166-3:ZRCD"}
    users = {}
    for a2, e in entries.items():
        w = e["wc"]
        if not w:
            continue
        d = w.get("demonyms", {}).get("eng")
        if not d:
            continue
        for form in {d.get("m", ""), d.get("f", "")}:
            if form:
                users.setdefault(form, []).append((a2, bool(w.get("independent"))))
    dem = set()
    for form, us in users.items():
        ind = [a for a, i in us if i]
        keep = ind if ind else [a for a, _ in us]
        if len(keep) > 1:
            keep = [a for a in keep if a not in ("UM",)]
        for a2 in keep:
            for f in form.replace(" or ", ", ").split(", "):
                f = f.strip()
                if not f or not gazlib.is_latin(f):
                    continue
                dem.add((f, a2))
                p = plural(f)
                if p:
                    dem.add((p, a2))
    for n, a2 in EXTRA_DEMONYMS:
        if a2:
            dem.add((n, a2))
    for n, a2 in sorted(dem):
        if a2 in former_canon:
            cn, cid = former_canon[a2], former_id[a2]
            cc = ""
        else:
            cn, cid, cc = canon[a2], "iso3166:" + a2, a2
        dem_rows.append({"name": n, "type": "NORP", "subtype": "nationality", "canonical": cn,
                         "id": cid, "country": cc, "case": "cap"})
    group_names = {n for n, _ in GROUPS}
    for n, a2 in GROUPS:
        base = n
        if n.endswith("s") and n[:-1] in group_names:
            base = n[:-1]
        dem_rows.append({"name": n, "type": "NORP", "subtype": "group",
                         "canonical": base, "id": "nerve:norp:" + gazlib.slug(base),
                         "country": a2 or "", "case": "" if n[0].islower() else "cap"})

    prov = [
        "generated by gazetteers/tools/gen_countries.py -- do not edit by hand",
        "source: Debian package iso-codes %s (iso_3166-1.json, iso_3166-3.json), licence LGPL-2.1+" % iso_version,
        "source: npm package %s %s (countries.json), licence %s" % (pj["name"], pj["version"], npm_licence(pj)),
        "plus curated aliases in gen_countries.py (news usages), licence of this project",
    ]
    st = gazlib.emit(os.path.join(gazlib.GAZ_DIR, "countries.tsv"),
                     gazlib.render(rows, COLUMNS, prov), check)
    st2 = gazlib.emit(os.path.join(gazlib.GAZ_DIR, "demonyms.tsv"),
                      gazlib.render(dem_rows, DEM_COLUMNS, prov), check)
    return max(st, st2)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
