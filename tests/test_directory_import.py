"""Importing, exporting and searching the service directory, on SQLite and PostgreSQL (`database_url`)."""
import json
import os
import re
import subprocess
import sys

import pytest
from sqlalchemy import func, select

from bot import doctor, settings
from bot.db import session_scope
from bot.directory.exporter import export_directory
from bot.directory.importer import DirectoryFileError, import_file, service_count
from bot.directory.sample import SAMPLE_FILE, load_sample_if_empty
from bot.directory.search import Query, query_from_words, search
from bot.models.directory import Attribute, Phone, Schedule, SearchTag, Service, ServiceAtLocation
from bot.settings import PROJECT_ROOT

FIXTURES = PROJECT_ROOT / "tests" / "fixtures" / "directory"
HSDS3 = FIXTURES / "hsds3_services.json"
ORUK_V1 = FIXTURES / "oruk_v1_services.json"
MALFORMED = FIXTURES / "malformed_services.json"


@pytest.fixture
def database_url(database_url):
    """The migrated database, with an empty directory (the PostgreSQL database is shared by the whole run)."""
    from bot.db import Base
    import bot.models  # noqa: F401

    with session_scope(database_url) as session:
        for table in reversed(Base.metadata.sorted_tables):
            if table.name.startswith("directory_"):
                session.execute(table.delete())
    return database_url


def names(database_url, **query):
    with session_scope(database_url) as session:
        return [match.name for match in search(session, query_from_words(**query))]


def count(database_url, model):
    with session_scope(database_url) as session:
        return session.execute(select(func.count()).select_from(model)).scalar_one()


def test_hsds3_file_loads_services_with_their_phones_places_and_tags(database_url):
    summary = import_file(HSDS3, database_url)
    assert (summary.created, summary.updated, summary.skipped) == (3, 0, [])
    with session_scope(database_url) as session:
        outreach = session.get(Service, "svc-autism-outreach")
        assert (outreach.minimum_age, outreach.maximum_age, outreach.organization_id) == (4, 16, "org-council")
        tags = set(session.execute(select(SearchTag.kind, SearchTag.value)
                                   .where(SearchTag.service_id == "svc-autism-outreach")).all())
        # "Autistic spectrum condition" is the council's own term; the vocabulary maps it to our "autism".
        assert ("need", "autism") in tags and ("district", "Melton") in tags
        sendiass = session.get(Service, "svc-sendiass")
        assert sendiass.organization_id == "org-council"  # a reference by id to an organisation in the same file
    assert names(database_url, need="autism", district="Melton") == ["Autism Outreach Team"]
    assert names(database_url, category="respite", district="Blaby", age=8) == ["Holiday club for disabled children"]


def test_oruk_v1_file_loads_eligibility_ages_taxonomies_and_contacts(database_url):
    summary = import_file(ORUK_V1, database_url)
    assert (summary.created, summary.skipped) == (2, [])
    with session_scope(database_url) as session:
        speech = session.get(Service, "v1-speech")
        assert (speech.minimum_age, speech.maximum_age) == (0, 5)
        assert speech.eligibility_description == "Children under 5"
        assert speech.fees_description == "Free"
        assert session.execute(select(Phone.number).where(Phone.service_id == "v1-speech")).scalar_one() == "0116 496 0911"
        assert session.execute(select(Schedule.byday).where(Schedule.service_id == "v1-speech")).scalar_one() == "Wednesday"
        assert session.get(Service, "v1-transport").minimum_age == 14  # ages given as text in v1 feeds
    assert names(database_url, category="salt", district="coalville", age=3) == ["Speech and Language Drop-in"]
    assert names(database_url, category="speech therapy", age=9) == []  # too old for an under-5s service
    assert names(database_url, category="travel training") == ["Travel training"]


def test_malformed_records_are_reported_by_id_and_the_rest_still_load(database_url):
    summary = import_file(MALFORMED, database_url)
    skipped = dict(summary.skipped)
    assert summary.created == 4
    # Valid on its own, but the database refuses it (a phone id another service owns): only it is skipped.
    assert "could not be stored" in skipped["phone-thief"]
    assert "name is missing" in skipped["no-name"]
    assert "id is missing" in skipped["record #3 (no id)"]
    assert "not a number" in skipped["bad-age"]
    assert "above maximum_age" in skipped["ages-backwards"]
    assert "should be a list" in skipped["phones-not-a-list"]
    assert "not an object" in skipped["record #7 (no id)"]
    printed = "\n".join(summary.lines())
    assert "4 new, 0 updated, 7 skipped" in printed and "skipped bad-age" in printed
    with session_scope(database_url) as session:
        odd = session.get(Service, "<script>alert(1)</script>'; DROP TABLE directory_service;--")
        assert odd.name == "Odd but valid id 😀 ünïcode"


def test_reimport_updates_in_place_and_never_duplicates(database_url, tmp_path):
    import_file(HSDS3, database_url)
    before = {model: count(database_url, model) for model in (Service, Phone, Attribute, ServiceAtLocation, SearchTag)}
    document = json.loads(HSDS3.read_text())
    document["contents"][0]["name"] = "Autism Outreach Team (renamed)"
    document["contents"][0]["phones"][0]["number"] = "0116 496 0999"
    changed = tmp_path / "changed.json"
    changed.write_text(json.dumps(document))
    summary = import_file(changed, database_url)
    assert (summary.created, summary.updated) == (0, 3)
    after = {model: count(database_url, model) for model in before}
    assert after == before
    with session_scope(database_url) as session:
        assert session.get(Service, "svc-autism-outreach").name == "Autism Outreach Team (renamed)"
        numbers = session.execute(select(Phone.number).where(Phone.service_id == "svc-autism-outreach")).scalars().all()
    assert numbers == ["0116 496 0999"]


def test_export_reimports_to_the_same_directory(database_url, tmp_path):
    import_file(HSDS3, database_url)
    import_file(ORUK_V1, database_url)
    exported = export_directory(database_url)
    assert exported["total_items"] == 5 and exported["sample_data"] is False
    path = tmp_path / "export.json"
    path.write_text(json.dumps(exported))
    fresh = f"sqlite:///{tmp_path / 'fresh.db'}"
    from bot.migrations import upgrade_database

    upgrade_database(fresh)
    assert import_file(path, fresh).created == 5
    assert export_directory(fresh)["contents"] == exported["contents"]
    for query in ({"need": "autism"}, {"category": "short breaks", "district": "Melton"}, {"category": "therapy"}):
        assert names(fresh, **query) == names(database_url, **query)


def test_sample_loads_once_and_a_council_import_replaces_it(database_url):
    first = load_sample_if_empty(database_url)
    assert first.loaded >= 40 and not first.skipped
    assert load_sample_if_empty(database_url) is None  # never reloaded over an existing directory
    total, sample = service_count(database_url)
    assert total == sample == first.loaded
    summary = import_file(HSDS3, database_url)
    assert summary.sample_removed == first.loaded
    assert service_count(database_url) == (3, 0)
    assert "Removed the" in "\n".join(summary.lines())


def test_sample_directory_covers_every_district_with_obviously_invented_local_numbers():
    document = json.loads(SAMPLE_FILE.read_text())
    assert document["sample_data"] is True and "SAMPLE" in document["notice"]
    services = document["contents"]
    assert len(services) >= 40
    districts = {area["name"] for service in services for area in service["service_areas"]}
    for district in ("Blaby", "Charnwood", "Harborough", "Hinckley and Bosworth", "Melton",
                     "North West Leicestershire", "Oadby and Wigston"):
        assert district in districts
    drama_range = re.compile(r"^0116 496 0\d{3}$")  # Ofcom's numbers reserved for drama: never a real line
    national = {"0808 808 3555", "0808 800 8880", "0808 800 4104", "0303 123 9999", "0808 800 3333", "0808 802 5544"}
    for service in services:
        for phone in service["phones"]:
            assert drama_range.match(phone["number"]) or phone["number"] in national, service["id"]
            if phone["number"] in national:
                assert "national" in service["service_areas"][0]["name"]


def test_search_prefers_local_services_and_keeps_county_wide_ones(database_url):
    load_sample_if_empty(database_url)
    melton = names(database_url, category="short breaks", district="melton mowbray")
    assert melton[0] == "Melton holiday and after-school short breaks"
    assert "Hinckley Saturday club" not in melton  # another district's club is not offered
    assert "Disabled Children's Service" in melton  # county-wide services serve Melton too
    teenager = names(database_url, need="hearing", district="Charnwood", age=13)
    assert teenager[0] == "Loughborough secondary hearing impairment base"
    assert "Oadby secondary hearing impairment base" not in teenager
    assert names(database_url, need="dyslexia", category="transport", age=40) == []
    with session_scope(database_url) as session:
        assert search(session, Query()) == []  # too broad: the action asks a question instead


def test_import_command_reports_skips_and_refuses_a_non_json_file(tmp_path):
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    env = {**os.environ, "DATABASE_URL": url}
    run = lambda *args: subprocess.run([sys.executable, "-m", "bot.cli", "directory", *args], cwd=PROJECT_ROOT,
                                       capture_output=True, text=True, env=env, timeout=120)
    result = run("import", str(MALFORMED))
    assert result.returncode == 1 and "skipped no-name: name is missing" in result.stdout
    not_json = tmp_path / "directory.json"
    not_json.write_text("<html>Service unavailable</html>")
    result = run("import", str(not_json))
    assert result.returncode == 2 and "is not a JSON file" in result.stderr and "Traceback" not in result.stderr
    result = run("import", str(tmp_path / "missing.json"))
    assert result.returncode == 2 and "there is no file" in result.stderr
    out = tmp_path / "out.json"
    assert run("export", "--out", str(out)).returncode == 0
    assert json.loads(out.read_text())["total_items"] == 4


def test_a_json_file_without_a_service_list_is_refused(tmp_path):
    path = tmp_path / "wrong.json"
    path.write_text(json.dumps({"organizations": []}))
    with pytest.raises(DirectoryFileError, match="no list of services"):
        import_file(path, f"sqlite:///{tmp_path / 'x.db'}")


def test_doctor_warns_while_only_the_sample_is_loaded(database_url):
    config = settings.load({"DATABASE_URL": database_url})
    assert doctor.check_directory(config)[0].status == doctor.WARN  # empty
    load_sample_if_empty(database_url)
    finding = doctor.check_directory(config)[0]
    assert finding.status == doctor.WARN and "SAMPLE" in finding.message
    import_file(HSDS3, database_url)
    assert doctor.check_directory(config)[0].status == doctor.OK
