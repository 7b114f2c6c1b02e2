"""Every user-visible string of the docker CLI framework, worded as docker/cli v28.5.2 and
spf13/pflag word them (cli/required.go, cli/cobra.go, pflag flag.go). Verb modules add their
own strings here too, in a section per verb."""

VERSION_LINE = "Docker version 28.5.2, build ecc6942"

# --- pflag parse errors (the FlagErrorFunc tail is added by FLAG_ERROR) ----------------------
UNKNOWN_FLAG = "unknown flag: --{name}"
UNKNOWN_SHORTHAND = "unknown shorthand flag: {char} in -{rest}"
NEEDS_ARGUMENT = "flag needs an argument: {flag}"
NEEDS_ARGUMENT_SHORT = "flag needs an argument: {char} in -{rest}"
BAD_FLAG_SYNTAX = "bad flag syntax: {arg}"
INVALID_ARGUMENT = "invalid argument {value} for {flag} flag: {reason}"
PARSE_INT = "strconv.ParseInt: parsing {value}: {why}"
PARSE_BOOL = "strconv.ParseBool: parsing {value}: invalid syntax"
PARSE_FLOAT = "strconv.ParseFloat: parsing {value}: {why}"
INVALID_SYNTAX = "invalid syntax"
OUT_OF_RANGE = "value out of range"
MAPPING_FORMAT = "bad format for {what}: {value}"
DEPRECATED_FLAG = "Flag --{name} has been deprecated, {why}"
DEPRECATED_SHORTHAND = "Flag shorthand -{short} has been deprecated, {why}"
HELP_SHORTHAND_DEPRECATED = "use --help"

FLAG_ERROR = "{error}\n\nUsage:  {use_line}\n\nRun '{path} --help' for more information"

# --- arity errors (cli/required.go; the RequiresMaxArgs "SRun" typo is docker's own) ---------
REQUIRES_NO_ARGS = "docker: '{path}' accepts no arguments\n\nUsage:  {use_line}\n\nRun '{path} --help' for more information"
REQUIRES_MIN = "docker: '{path}' requires at least {n} {noun}\n\nUsage:  {use_line}\n\nSee '{path} --help' for more information"
REQUIRES_MAX = "docker: '{path}' requires at most {n} {noun}\n\nUsage:  {use_line}\n\nSRun '{path} --help' for more information"
REQUIRES_RANGE = "docker: '{path}' requires at least {lo} and at most {hi} {noun}\n\nUsage:  {use_line}\n\nRun '{path} --help' for more information"
REQUIRES_EXACT = "docker: '{path}' requires {n} {noun}\n\nUsage:  {use_line}\n\nRun '{path} --help' for more information"

# --- command lookup ------------------------------------------------------------------------
UNKNOWN_COMMAND = "docker: unknown command: docker {name}\n\nRun 'docker --help' for more information"
UNKNOWN_SUBCOMMAND = "docker: unknown command: {path} {name}\n\nUsage:  {path}\n\nRun '{path} --help' for more information"
UNKNOWN_HELP_TOPIC = "unknown help topic: {topic}"
NOT_AVAILABLE = "docker: '{path}' is not available in this lab"
DAEMON_ERROR = "Error response from daemon: {message}"

# --- help layout (cli/cobra.go usageTemplate) ------------------------------------------------
HELP_RUN_COMMAND = "Run '{path} COMMAND --help' for more information on a command."
HELP_ADDITIONAL = "For more help on how to use Docker, head to https://docs.docker.com/go/guides/"
ROOT_USE = "docker [OPTIONS] COMMAND [ARG...]"
ROOT_SHORT = "A self-sufficient runtime for containers"

# --- templates (text/template errors as docker prints them) ----------------------------------
TEMPLATE_PARSE = "template parsing error: {error}"
WITH_HELP = "docker: {error}\n\nRun '{path} --help' for more information"
