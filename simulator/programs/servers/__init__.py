"""The images' own programs: servers that keep running and answer clients (nginx, mysqld, ...)
and the small programs around them (entrypoint scripts, hello-world). Importing this package
registers them all."""
from . import apps, hello, httpd, mysql, nginx, postgres, redis  # noqa: F401  (registration)
