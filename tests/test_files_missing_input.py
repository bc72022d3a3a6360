"""A file the writer reads that is missing (a bundled font gone from a damaged install) is
named as the cause; writing a brief said "The folder … is not writable", about a folder
that is writable."""

from __future__ import annotations

import errno
import os

import pytest

from minref.files import OutputError, os_error_message, write_via_temp


def _missing(path) -> FileNotFoundError:
    return FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), str(path))


def test_a_missing_input_file_is_named_not_the_folder(tmp_path):
    font = tmp_path / "fonts" / "DejaVuSans-Bold.ttf"  # not there
    out = tmp_path / "brief.pdf"
    assert os_error_message(_missing(font), out) == (
        f"The file {font}, needed to write {out}, is missing; nothing was written. "
        "Reinstall minref or restore the file."
    )


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "es",
            "Falta el archivo {font}, necesario para escribir {out}; no se escribió nada. "
            "Reinstale minref o restaure el archivo.",
        ),
        (
            "fr",
            "Le fichier {font}, nécessaire pour écrire {out}, est introuvable\u202f; rien n'a "
            "été écrit. Réinstallez minref ou restaurez le fichier.",
        ),
    ],
)
def test_the_missing_file_message_in_spanish_and_french(tmp_path, lang, expected):
    from minref.i18n import using

    font = tmp_path / "DejaVuSans.ttf"
    out = tmp_path / "out" / "brief.pdf"
    out.parent.mkdir()
    with using(lang):
        message = os_error_message(_missing(font), out)
    assert message == expected.format(font=font, out=out)


def test_a_writer_that_cannot_open_its_font_says_so_and_leaves_nothing(tmp_path):
    font = tmp_path / "resources" / "DejaVuSans.ttf"
    out = tmp_path / "brief.pdf"

    def write(tmp: str) -> None:
        with open(font, "rb"):
            pass

    with pytest.raises(OutputError) as caught:
        write_via_temp(out, write)
    assert str(caught.value).startswith(f"The file {font}, needed to write {out}, is missing")
    assert "not writable" not in str(caught.value)
    assert list(tmp_path.iterdir()) == []  # no output, no temporary file


def test_the_output_or_its_temporary_file_missing_is_still_about_the_folder(tmp_path):
    out = tmp_path / "brief.pdf"
    temp = tmp_path / f".brief.pdf.abcd1234.{os.getpid()}.tmp"
    for name in (out, temp):
        message = os_error_message(_missing(name), out)
        assert message == f"The folder {tmp_path} is not writable; choose another folder."
    gone = tmp_path / "gone" / "brief.pdf"
    assert os_error_message(_missing(gone), gone) == f"The folder {gone.parent} does not exist."
