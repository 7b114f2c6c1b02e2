"""Image references as distribution/reference (v0.6) parses and normalises them:
`nginx` is `docker.io/library/nginx:latest`, printed back in its familiar form `nginx:latest`.

    reference  := name [ ":" tag ] [ "@" digest ]
    name       := [domain '/'] remote-name
"""
import functools
import re
from dataclasses import dataclass

DEFAULT_DOMAIN = "docker.io"
LEGACY_DEFAULT_DOMAIN = "index.docker.io"
OFFICIAL_REPO_PREFIX = "library/"
DEFAULT_TAG = "latest"
NAME_TOTAL_LENGTH_MAX = 255

ERR_REFERENCE_INVALID_FORMAT = "invalid reference format"
ERR_NAME_CONTAINS_UPPERCASE = "repository name must be lowercase"
ERR_NAME_EMPTY = "repository name must have at least one component"
ERR_NAME_TOO_LONG = f"repository name must not be more than {NAME_TOTAL_LENGTH_MAX} characters"
# go-digest's errors, returned through Parse
ERR_CHECKSUM_FORMAT = "invalid checksum digest format"
ERR_CHECKSUM_LENGTH = "invalid checksum digest length"
ERR_DIGEST_UNSUPPORTED = "unsupported digest algorithm"

_PATH_COMPONENT = r"[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*"
_DOMAIN_COMPONENT = r"(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])"
_DOMAIN_AND_PORT = (rf"(?:{_DOMAIN_COMPONENT}(?:\.{_DOMAIN_COMPONENT})*|\[(?:[a-fA-F0-9:]+)\])"
                    r"(?::[0-9]+)?")
_NAME = rf"(?:{_DOMAIN_AND_PORT}/)?{_PATH_COMPONENT}(?:/{_PATH_COMPONENT})*"
_TAG = r"[\w][\w.-]{0,127}"
_DIGEST = r"[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}"
_REFERENCE = re.compile(rf"({_NAME})(?::({_TAG}))?(?:@({_DIGEST}))?")
_ANCHORED_NAME = re.compile(rf"(?:({_DOMAIN_AND_PORT})/)?({_PATH_COMPONENT}(?:/{_PATH_COMPONENT})*)")
_IDENTIFIER = re.compile(r"[a-f0-9]{64}")
_DIGEST_ALGORITHMS = {"sha256": 32, "sha384": 48, "sha512": 64}


class InvalidReference(ValueError):
    """An invalid reference; str() is the library's exact message."""


@dataclass(frozen=True)
class Reference:
    """A parsed reference. `domain` is empty when none was given (Parse without normalising);
    a digest-only reference (an image ID) has no path."""
    domain: str = ""
    path: str = ""
    tag: str = ""
    digest: str = ""

    @property
    def name(self):
        return f"{self.domain}/{self.path}" if self.domain else self.path

    def __str__(self):
        if not self.path:
            return self.digest
        return self.name + (f":{self.tag}" if self.tag else "") + (f"@{self.digest}" if self.digest else "")

    def familiar_name(self):
        """`docker.io/library/nginx` -> `nginx`; `docker.io/fooo/bar` -> `fooo/bar`."""
        if self.domain != DEFAULT_DOMAIN:
            return self.name
        rest = self.path[len(OFFICIAL_REPO_PREFIX):]
        return rest if self.path.startswith(OFFICIAL_REPO_PREFIX) and "/" not in rest else self.path

    def familiar_string(self):
        """What the CLI prints: `nginx:latest`, `fooo/bar@sha256:...`."""
        if not self.path:
            return self.digest
        return self.familiar_name() + (f":{self.tag}" if self.tag else "") + (f"@{self.digest}" if self.digest else "")

    def is_name_only(self):
        return not self.tag and not self.digest


def validate_digest(text):
    """go-digest's Digest.Validate."""
    algorithm, sep, encoded = text.partition(":")
    if not algorithm or not sep or not encoded:
        raise InvalidReference(ERR_CHECKSUM_FORMAT)
    size = _DIGEST_ALGORITHMS.get(algorithm)
    if size is None:
        if not re.fullmatch(_DIGEST, text):
            raise InvalidReference(ERR_CHECKSUM_FORMAT)
        raise InvalidReference(ERR_DIGEST_UNSUPPORTED)
    if len(encoded) != size * 2:
        raise InvalidReference(ERR_CHECKSUM_LENGTH)
    if not re.fullmatch(r"[a-f0-9]+", encoded):
        raise InvalidReference(ERR_CHECKSUM_FORMAT)
    return text


def parse(text):
    """reference.Parse: the grammar only, no defaults."""
    match = _REFERENCE.fullmatch(text)
    if match is None:
        if text == "":
            raise InvalidReference(ERR_NAME_EMPTY)
        if _REFERENCE.fullmatch(text.lower()):
            raise InvalidReference(ERR_NAME_CONTAINS_UPPERCASE)
        raise InvalidReference(ERR_REFERENCE_INVALID_FORMAT)
    name, tag, digest = match.group(1), match.group(2) or "", match.group(3) or ""
    if len(name) > NAME_TOTAL_LENGTH_MAX:
        raise InvalidReference(ERR_NAME_TOO_LONG)
    parts = _ANCHORED_NAME.fullmatch(name)
    domain, path = (parts.group(1) or "", parts.group(2)) if parts else ("", name)
    if digest:
        validate_digest(digest)
    return Reference(domain, path, tag, digest)


def split_docker_domain(name):
    """The domain and the rest, with docker.io and library/ filled in."""
    first, slash, rest = name.partition("/")
    if not slash or (not any(c in first for c in ".:") and first != "localhost" and first.lower() == first):
        domain, remainder = DEFAULT_DOMAIN, name
    else:
        domain, remainder = first, rest
    if domain == LEGACY_DEFAULT_DOMAIN:
        domain = DEFAULT_DOMAIN
    if domain == DEFAULT_DOMAIN and "/" not in remainder:
        remainder = OFFICIAL_REPO_PREFIX + remainder
    return domain, remainder


@functools.lru_cache(maxsize=1024)
def parse_normalized_named(text):
    """ParseNormalizedNamed: what `docker pull`/`run` accept, fully qualified. Cached: a
    Reference is immutable and listings look the same few names up once per row."""
    if _IDENTIFIER.fullmatch(text):
        raise InvalidReference(f"invalid repository name ({text}), cannot specify 64-byte hexadecimal strings")
    domain, remainder = split_docker_domain(text)
    remote_name = remainder.split(":", 1)[0]
    if remote_name.lower() != remote_name:
        raise InvalidReference(f"invalid reference format: repository name ({remote_name}) must be lowercase")
    return parse(f"{domain}/{remainder}")


def tag_name_only(ref):
    """TagNameOnly: a bare name gets `:latest`."""
    return Reference(ref.domain, ref.path, DEFAULT_TAG) if ref.is_name_only() else ref


@functools.lru_cache(maxsize=1024)
def familiar_tagged(text):
    """`nginx` -> `nginx:latest`: how the daemon names the image a reference points at."""
    return tag_name_only(parse_normalized_named(text)).familiar_string()


def parse_docker_ref(text):
    """ParseDockerRef: normalised, `:latest` added, the tag dropped when a digest is present."""
    ref = parse_normalized_named(text)
    if ref.digest:
        return Reference(ref.domain, ref.path, "", ref.digest)
    return tag_name_only(ref)


def parse_any_reference(text):
    """ParseAnyReference: a 64-hex string or a digest is an image ID, anything else a name."""
    if _IDENTIFIER.fullmatch(text):
        return Reference(digest="sha256:" + text)
    try:
        return Reference(digest=validate_digest(text))
    except InvalidReference:
        return parse_normalized_named(text)
