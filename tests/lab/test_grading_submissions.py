"""Reading submissions: directories and archives, and every hostile shape refused with a reason."""
import io
import os
import tarfile
import zipfile

import pytest

from lab.grading.submissions import MAX_FILE, MAX_FILES, SubmissionError, read_archive, read_submission


def tar_bytes(members, compression=""):
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:" + compression) as archive:
        for name, data, kind in members:
            info = tarfile.TarInfo(name)
            if kind == "file":
                info.size = len(data)
                archive.addfile(info, io.BytesIO(data))
            else:
                info.type, info.linkname = (tarfile.SYMTYPE if kind == "symlink" else tarfile.LNKTYPE), data
                archive.addfile(info)
    return buffer.getvalue()


def zip_bytes(files):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_directory(tmp_path):
    (tmp_path / "src").mkdir()
    (tmp_path / "Dockerfile").write_text("FROM alpine\n")
    (tmp_path / "src" / "app.js").write_text("console.log(1)\n")
    assert read_submission(tmp_path) == {"Dockerfile": b"FROM alpine\n", "src/app.js": b"console.log(1)\n"}


def test_tar_gzip_and_zip(tmp_path):
    files = {"Dockerfile": b"FROM alpine\n", "./app/x.txt": b"x"}
    expected = {"Dockerfile": b"FROM alpine\n", "app/x.txt": b"x"}
    assert read_archive(tar_bytes([(n, d, "file") for n, d in files.items()])) == expected
    assert read_archive(tar_bytes([(n, d, "file") for n, d in files.items()], "gz")) == expected
    assert read_archive(zip_bytes(files)) == expected
    path = tmp_path / "s.zip"
    path.write_bytes(zip_bytes(files))
    assert read_submission(path) == expected


@pytest.mark.parametrize("name", ["../escape", "/etc/passwd", "a/../../b"])
def test_path_outside_the_submission(name):
    with pytest.raises(SubmissionError, match=f"path outside the submission: {name}"):
        read_archive(tar_bytes([(name, b"x", "file")]))
    with pytest.raises(SubmissionError, match="path outside the submission"):
        read_archive(zip_bytes({name: b"x"}))


def test_symlink_escape_in_archives_and_directories(tmp_path):
    with pytest.raises(SubmissionError, match="links are not allowed in a submission: etc -> /etc"):
        read_archive(tar_bytes([("etc", "/etc", "symlink")]))
    with pytest.raises(SubmissionError, match="links are not allowed in a submission: pw -> /etc/passwd"):
        read_archive(tar_bytes([("pw", "/etc/passwd", "hardlink")]))
    (tmp_path / "Dockerfile").write_text("FROM alpine\n")
    os.symlink("/etc/passwd", tmp_path / "secret")
    with pytest.raises(SubmissionError, match="links are not allowed in a submission: secret -> /etc/passwd"):
        read_submission(tmp_path)


def test_a_100_mb_file_is_refused_without_reading_it(tmp_path):
    with open(tmp_path / "big.bin", "wb") as handle:       # sparse: no 100 MB written to disk
        handle.truncate(100 * 1000 * 1000)
    with pytest.raises(SubmissionError, match=r"big.bin is 100.0 MB, over the 2.0 MB limit for one file"):
        read_submission(tmp_path)


def test_zip_bomb_is_stopped_at_the_bound():
    bomb = zip_bytes({f"zeros{i}": b"\0" * (MAX_FILE - 1) for i in range(10)})
    assert len(bomb) < 200_000
    with pytest.raises(SubmissionError, match="the submission is over the 8.0 MB limit once unpacked"):
        read_archive(bomb)
    with pytest.raises(SubmissionError, match="over the 2.0 MB limit for one file"):
        read_archive(zip_bytes({"one": b"\0" * (MAX_FILE + 1)}))


def test_a_lying_zip_header_does_not_get_past_the_bound():
    data = bytearray(zip_bytes({"small": b"\0" * (MAX_FILE * 2)}))
    # Rewrite the declared uncompressed size in both headers to 10 bytes.
    size = (MAX_FILE * 2).to_bytes(4, "little")
    data = bytes(data).replace(size, (10).to_bytes(4, "little"))
    with pytest.raises(SubmissionError):
        read_archive(data)


def test_too_many_files():
    with pytest.raises(SubmissionError, match=f"too many files: at most {MAX_FILES} in a submission"):
        read_archive(tar_bytes([(f"f{i}", b"", "file") for i in range(MAX_FILES + 1)]))


def test_garbage_and_missing_paths(tmp_path):
    with pytest.raises(SubmissionError, match="upload is not a readable tar or zip archive"):
        read_archive(b"this is not an archive at all")
    with pytest.raises(SubmissionError, match="no such submission"):
        read_submission(tmp_path / "missing")
