"""Partner groups' messages in the reader's language: the supply page's group dialog showed
them in English in a Spanish or French window ("A partner group needs a name."), names in
Python's quotes ('Andes'), and a folder that could not be written as Python's own text
("[Errno 13] Permission denied: '/…/partner_groups.json'")."""

from __future__ import annotations

import errno

import pytest

from minref import i18n
from minref.userdata import groups


@pytest.fixture
def lang():
    def use(code: str) -> None:
        i18n.set_language(code)

    yield use
    i18n.set_language("en")


def _message(call) -> str:
    with pytest.raises(groups.GroupsError) as exc:
        call()
    return str(exc.value)


def test_group_messages_in_spanish_and_french(tmp_path, lang):
    path = tmp_path / "g.json"
    lang("es")
    assert _message(lambda: groups.save_group("  ", "MEX", path)) == (
        "Un grupo de socios necesita un nombre."
    )
    assert _message(lambda: groups.save_group("Andes", "MEX, 12", path)) == (
        "No son códigos ISO 3166 alfa-3: «12» (use, p. ej., MEX, CAN, USA)."
    )
    assert _message(lambda: groups.delete_group("Andes", path)) == (
        "No hay ningún grupo de socios llamado «Andes»."
    )
    assert _message(lambda: groups.save_group("x" * 61, "MEX", path)) == (
        "El nombre de un grupo tiene como máximo 60 caracteres."
    )
    lang("fr")
    assert _message(lambda: groups.save_group("Andes", ",", path)) == (
        "Le groupe «\u00a0Andes\u00a0» ne contient aucun pays."
    )
    path.write_text('{"format": "minref-partner-groups", "version": 99}', encoding="utf-8")
    text = _message(lambda: groups.load_groups(path))
    assert text.startswith(f"{path} a été écrit par une version plus récente de minref")
    assert "(version 99)\u202f; il n'est pas modifié." in text
    lang("en")
    assert _message(lambda: groups.delete_group("Andes", tmp_path / "none.json")) == (
        "No partner group called “Andes”."
    )


def test_the_group_dialog_says_which_file_could_not_be_written(lang):
    from minref.ui.pages.supply import _group_problem

    lang("es")
    exc = PermissionError(errno.EACCES, "Permission denied", "/datos/partner_groups.json")
    text = _group_problem(exc)
    assert text.startswith("/datos/partner_groups.json")
    assert "Errno" not in text and "Permission denied" not in text
    # A group's own message is shown as it is.
    assert _group_problem(groups.GroupsError("Un grupo de socios necesita un nombre.")) == (
        "Un grupo de socios necesita un nombre."
    )


def test_briefing_book_messages_cite_names_in_the_readers_quotation_marks(tmp_path, lang):
    # "no briefing book 'Visita'; 'minref book list' lists yours", in Spanish as well.
    from minref.userdata import books as bk
    from minref.userdata.store import UserData

    store = bk.BookStore(UserData(tmp_path / "u.sqlite"))
    lang("es")
    with pytest.raises(bk.BookError) as exc:
        store.get("Visita")
    assert str(exc.value) == (
        "no hay ninguna carpeta de notas «Visita»; «minref book list» muestra las suyas"
    )
    lang("fr")
    with pytest.raises(bk.BookError) as exc:
        bk.check_book(bk.Book("Visite", paper="a3"))
    assert str(exc.value) == "papier «\u00a0a3\u00a0»\u00a0: choisissez letter ou a4"
