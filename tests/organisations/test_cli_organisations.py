"""`consult setup`, `consult organisations …` and `consult demo --remove` on the command line."""

from __future__ import annotations

from consult.cli import cli
from consult.core import events
from consult.models import Consultation, Event, Organisation, OrganisationHost, User

PASSPHRASE = "seven unrelated words for a passphrase\n"


def test_setup_creates_the_organisation_once(runner, db):
    first = runner.invoke(cli, ["setup", "--name", "City of Springfield", "--admin",
                                "mayor@springfield.example"], input=PASSPHRASE)
    assert first.exit_code == 0, first.output
    assert "City of Springfield (city-of-springfield)" in first.output
    second = runner.invoke(cli, ["setup", "--name", "Other", "--admin", "a@example.org"],
                           input=PASSPHRASE)
    assert second.exit_code == 2 and "already set up" in second.output
    assert db.session.query(Organisation).count() == 1


def test_organisations_are_created_on_their_own_hosts(runner, db, organisation):
    created = runner.invoke(cli, ["organisations", "create", "City B", "--host",
                                  "Consult.City-B.example", "--admin", "admin@city-b.example"],
                            input=PASSPHRASE)
    assert created.exit_code == 0, created.output
    host = db.session.query(OrganisationHost).one()
    assert host.host == "consult.city-b.example"
    listed = runner.invoke(cli, ["organisations", "list"])
    assert "city-b\tCity B\tconsult.city-b.example" in listed.output


def test_a_host_taken_or_malformed_is_refused_with_exit_2(runner, db, organisation):
    runner.invoke(cli, ["organisations", "create", "City B", "--host", "b.example", "--admin",
                        "admin@b.example"], input=PASSPHRASE)
    taken = runner.invoke(cli, ["organisations", "create", "City C", "--host", "b.example",
                                "--admin", "admin@c.example"], input=PASSPHRASE)
    assert taken.exit_code == 2 and "already answers on b.example" in taken.output
    malformed = runner.invoke(cli, ["organisations", "add-host", "city-b", "not a host!"])
    assert malformed.exit_code == 2 and "is not a host name" in malformed.output
    assert db.session.query(Organisation).count() == 2


def test_commands_for_one_organisation_ask_which_when_there_are_several(runner, db,
                                                                        organisation):
    runner.invoke(cli, ["organisations", "create", "City B", "--host", "b.example", "--admin",
                        "admin@b.example"], input=PASSPHRASE)
    unnamed = runner.invoke(cli, ["audit", "verify"])
    assert unnamed.exit_code == 2 and "name one with --organisation" in unnamed.output
    named = runner.invoke(cli, ["audit", "verify", "--organisation", "city-b"])
    assert named.exit_code == 0 and "events verified" in named.output
    unknown = runner.invoke(cli, ["audit", "verify", "--organisation", "nowhere"])
    assert unknown.exit_code == 2 and "No organisation is called nowhere" in unknown.output


def test_demo_remove_takes_away_the_demo_and_its_accounts_and_leaves_the_city(runner, db):
    assert runner.invoke(cli, ["setup", "--name", "City A", "--admin", "admin@a.example"],
                         input=PASSPHRASE).exit_code == 0
    city = db.session.query(Organisation).one()
    city_id = city.id
    runner.invoke(cli, ["organisations", "add-host", city.slug, "a.example"])
    loaded = runner.invoke(cli, ["demo", "--without-themes"])
    assert loaded.exit_code == 0, loaded.output
    demo = db.session.query(Organisation).filter_by(is_demo=True).one()
    demo_id = demo.id
    removed = runner.invoke(cli, ["demo", "--remove"])
    assert removed.exit_code == 0 and "Removed the demo" in removed.output
    db.session.expire_all()
    assert [o.name for o in db.session.query(Organisation)] == ["City A"]
    for model in (User, Consultation, Event):
        assert not db.session.query(model).filter_by(organisation_id=demo_id).count()
    assert db.session.query(User).filter_by(organisation_id=city_id).count() == 1
    assert events.verify_chain(db.session, city_id).ok
    assert "no demo" in runner.invoke(cli, ["demo", "--remove"]).output


def test_demo_if_empty_leaves_a_city_alone(runner, db, organisation):
    result = runner.invoke(cli, ["demo", "--if-empty", "--without-themes"])
    assert "not loaded" in result.output
    assert db.session.query(Organisation).count() == 1
