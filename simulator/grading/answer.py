"""The `answer <text>` terminal command: a small script on the host's PATH that records the
student's latest answer in the host filesystem, where the `answer` check reads it. Being a file,
the answer is saved and restored with the session like everything else."""

ANSWER_FILE = "/var/lib/slipway/answer"
ANSWER_COMMAND = "/usr/local/bin/answer"
ANSWER_SCRIPT = f"""#!/bin/sh
# answer TEXT: record TEXT as the answer to the open exercise.
if [ -z "$*" ]; then
  echo "Usage: answer TEXT" >&2
  exit 2
fi
mkdir -p /var/lib/slipway
echo "$*" > {ANSWER_FILE}
echo "Answer recorded: $*"
"""
