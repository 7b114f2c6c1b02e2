"""Network clients: curl, wget, ping, nslookup, getent. They talk to proc.machine.net."""
import re
import time

from ..fs import FSError
from .base import Blocked, NetError, program
from .common import fail, getopt, is_busybox, tool

URL = re.compile(r"(?:(?P<scheme>[a-zA-Z][a-zA-Z0-9+.-]*)://)?(?P<host>\[[^\]]+\]|[^/:?#]*)"
                 r"(?::(?P<port>\d*))?(?P<path>[/?#].*)?\Z")
MAX_REDIRECTS = 50


def parse_url(text):
    """(scheme, host, port, path) or None."""
    m = URL.match(text)
    if not m or not m.group("host"):
        return None
    scheme = (m.group("scheme") or "http").lower()
    default = {"http": 80, "https": 443}.get(scheme)
    if default is None:
        return None
    port = int(m.group("port")) if m.group("port") else default
    path = m.group("path") or "/"
    if not path.startswith("/"):
        path = "/" + path
    return scheme, m.group("host"), port, path.split("#")[0]


def hosts_file(proc, name):
    try:
        for line in proc.fs.read_text("/etc/hosts").splitlines():
            parts = line.split("#")[0].split()
            if len(parts) > 1 and name in parts[1:]:
                return parts[0]
    except FSError:
        pass
    return None


def resolve(proc, host):
    """The IP for host: literal, /etc/hosts, then the network's DNS. Raises NetError."""
    if re.fullmatch(r"\d+\.\d+\.\d+\.\d+", host):
        return host
    ip = hosts_file(proc, host)
    if ip:
        return ip
    net = proc.machine.net
    if net is None:
        raise NetError("unknown-host", host)
    return net.resolve(host)


def request(proc, method, url, headers, body):
    """(HttpResponse, ip) for one HTTP exchange. Raises NetError."""
    scheme, host, port, path = url
    ip = resolve(proc, host)
    net = proc.machine.net
    if net is None:
        raise NetError("refused", host, port)
    service = net.connect(ip, port)
    proc.budget.step()
    return service.http(method, path, dict(headers), body), ip


# --- curl ----------------------------------------------------------------------------------------
CURL_ERRORS = {
    "unknown-host": (6, "Could not resolve host: {host}"),
    "refused": (7, "Failed to connect to {host} port {port} after 0 ms: Couldn't connect to server"),
    "unreachable": (7, "Failed to connect to {host} port {port} after 0 ms: Couldn't connect to server"),
    "timeout": (28, "Failed to connect to {host} port {port} after 130000 ms: Couldn't connect to server"),
}


def progress_meter(size):
    total = f"{size}" if size < 10000 else f"{size // 1024}k"
    return ("  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n"
            "                                 Dload  Upload   Total   Spent    Left  Speed\n"
            f"100 {total:>5}  100 {total:>5}    0     0   {total:>4}k      0 --:--:-- --:--:-- --:--:--  {total:>4}k\n")


@tool("curl")
def curl(proc):
    opts, urls = getopt(proc, "sSIiLfvkOG", valued="oXdHwAmu", long={
        "silent": "s", "show-error": "S", "head": "I", "include": "i", "location": "L", "fail": "f",
        "verbose": "v", "insecure": "k", "remote-name": "O", "output=": "o", "request=": "X",
        "data=": "d", "data-raw=": "d", "header=": "H", "write-out=": "w", "user-agent=": "A",
        "max-time=": "m", "connect-timeout=": "m", "user=": "u", "get": "G"}, status=2)
    headers = {"Host": "", "User-Agent": opts.get("A", "curl/7.88.1"), "Accept": "*/*"}
    for raw in [opts["H"]] if "H" in opts else []:
        key, _, value = raw.partition(":")
        headers[key.strip()] = value.strip()
    if not urls:
        proc.err("curl: no URL specified!\ncurl: try 'curl --help' or 'curl --manual' for more information\n")
        return 2
    silent = opts.get("s") and not opts.get("S")
    body = opts.get("d", "").encode() if "d" in opts else b""
    method = opts.get("X") or ("HEAD" if opts.get("I") else "POST" if "d" in opts else "GET")
    if "d" in opts:
        headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
    status = 0
    for text in urls:
        url = parse_url(text)
        if url is None:
            if not silent:
                proc.err("curl: (3) URL rejected: Malformed input to a URL function\n")
            status = 3
            continue
        headers["Host"] = url[1] if url[2] in (80, 443) else f"{url[1]}:{url[2]}"
        try:
            response = None
            for _ in range(MAX_REDIRECTS):
                response, _ip = request(proc, method, url, headers, body)
                location = response.headers.get("Location") or response.headers.get("location")
                if not (opts.get("L") and location and 300 <= response.status < 400):
                    break
                url = parse_url(location) if "://" in location else (url[0], url[1], url[2], location)
        except NetError as err:
            code, message = CURL_ERRORS.get(err.kind, CURL_ERRORS["refused"])
            if not silent:
                proc.err(f"curl: ({code}) {message.format(host=url[1], port=url[2])}\n")
            status = code
            continue
        if opts.get("f") and response.status >= 400:
            if not silent:
                proc.err(f"curl: (22) The requested URL returned error: {response.status}\n")
            status = 22
            continue
        head = f"HTTP/1.1 {response.status} {response.reason}\r\n" + "".join(
            f"{k}: {v}\r\n" for k, v in response.headers.items()) + "\r\n"
        data = b"" if method == "HEAD" else response.body
        text_out = (head if opts.get("I") or opts.get("i") else "") + data.decode("utf-8", errors="replace")
        destination = opts.get("o") or (url[3].rstrip("/").rsplit("/", 1)[-1] if opts.get("O") else None)
        if opts.get("O") and not destination:
            proc.err("curl: Remote file name has no length!\ncurl: (23) Failure writing output to destination\n")
            status = 23
            continue
        if destination and destination != "-":
            if not silent:
                proc.err(progress_meter(len(data)))
            try:
                proc.fs.write(proc.path(destination), text_out.encode() if opts.get("i") else data)
            except FSError:
                proc.err("curl: (23) Failure writing output to destination\n")
                status = 23
                continue
        else:
            if not silent and not proc.tty:
                proc.err(progress_meter(len(data)))
            proc.out(text_out)
        if "w" in opts:
            proc.out(opts["w"].replace("%{http_code}", f"{response.status:03d}")
                     .replace("%{response_code}", f"{response.status:03d}")
                     .replace("%{size_download}", str(len(data))).replace("\\n", "\n"))
    return status


# --- wget ----------------------------------------------------------------------------------------
def wget_failure(proc, err, url, ip):
    host, port = url[1], url[2]
    if is_busybox(proc):
        if err.kind == "unknown-host":
            proc.err(f"wget: bad address '{host}'\n")
        else:
            reason = {"refused": "Connection refused", "unreachable": "No route to host",
                      "timeout": "Connection timed out"}.get(err.kind, "Connection refused")
            proc.err(f"wget: can't connect to remote host ({ip or host}): {reason}\n")
        return 1
    if err.kind == "unknown-host":
        proc.err(f"wget: unable to resolve host address '{host}'\n")
        return 4
    proc.err(f"failed: {'Connection refused' if err.kind == 'refused' else 'Connection timed out'}.\n")
    return 4


@tool("wget")
def wget(proc):
    opts, urls = getopt(proc, "qSc", valued="OUTt", long={"quiet": "q", "output-document=": "O",
                                                       "server-response": "S", "user-agent=": "U",
                                                       "timeout=": "T", "tries=": "t", "spider": "c"},
                        usage="[-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR] [-U AGENT] URL...")
    if not urls:
        fail(proc, "missing URL\nUsage: wget [OPTION]... [URL]...\n\nTry `wget --help' for more options.")
    busybox = is_busybox(proc)
    status = 0
    for text in urls:
        url = parse_url(text)
        if url is None:
            proc.err(f"wget: not an http or ftp url: {text}\n" if busybox else f"{text}: Unsupported scheme.\n")
            status = 1
            continue
        ip = None
        try:
            ip = resolve(proc, url[1])
            response, ip = request(proc, "GET", url, {"Host": url[1], "User-Agent": "Wget"}, b"")
        except NetError as err:
            status = wget_failure(proc, err, url, ip)
            continue
        name = opts.get("O") or (url[3].split("?")[0].rstrip("/").rsplit("/", 1)[-1] or "index.html")
        to_stdout = name == "-"
        if not opts.get("q") and busybox:
            proc.err(f"Connecting to {url[1]} ({ip}:{url[2]})\n")
        if opts.get("S"):
            proc.err(f"  HTTP/1.1 {response.status} {response.reason}\n" + "".join(
                f"  {k}: {v}\n" for k, v in response.headers.items()))
        if response.status >= 400:
            if busybox:
                proc.err(f"wget: server returned error: HTTP/1.1 {response.status} {response.reason}\n")
                status = 1
            else:
                proc.err(f"{time.strftime('%Y-%m-%d %H:%M:%S', time.gmtime(proc.machine.clock.now()))} "
                         f"ERROR {response.status}: {response.reason}.\n\n")
                status = 8
            continue
        size = len(response.body)
        if to_stdout:
            if not opts.get("q") and busybox:
                proc.err("writing to stdout\n")
            proc.out(response.body.decode("utf-8", errors="replace"))
            if not opts.get("q") and busybox:
                proc.err(f"-                    100% |********************************|   {size}  0:00:00 ETA\n"
                         "written to stdout\n")
            continue
        try:
            proc.fs.write(proc.path(name), response.body)
        except FSError as err:
            proc.err(f"wget: can't open '{name}': {err}\n")
            status = 1
            continue
        if not opts.get("q"):
            if busybox:
                proc.err(f"saving to '{name}'\n{name:<20} 100% |********************************|   {size}  0:00:00 ETA\n"
                         f"'{name}' saved\n")
            else:
                stamp = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(proc.machine.clock.now()))
                proc.err(f"--{stamp}--  {text}\nResolving {url[1]} ({url[1]})... {ip}\n"
                         f"Connecting to {url[1]} ({url[1]})|{ip}|:{url[2]}... connected.\n"
                         f"HTTP request sent, awaiting response... {response.status} {response.reason}\n"
                         f"Length: {size} [{response.headers.get('Content-Type', 'text/html')}]\n"
                         f"Saving to: '{name}'\n\n"
                         f"{name:<19} 100%[===================>] {size:>7}  --.-KB/s    in 0s      \n\n"
                         f"{stamp} (1.00 MB/s) - '{name}' saved [{size}/{size}]\n\n")
    return status


# --- ping ----------------------------------------------------------------------------------------
@tool("ping")
def ping(proc):
    opts, args = getopt(proc, "4qn", valued="cWiws", usage="[OPTIONS] HOST")
    if not args:
        if is_busybox(proc):
            proc.err("BusyBox v1.37.0 (2024-09-26 21:31:42 UTC) multi-call binary.\n\nUsage: ping [OPTIONS] HOST\n")
            return 1
        proc.err("ping: usage error: Destination address required\n")
        return 1
    host = args[-1]
    count = int(opts["c"]) if str(opts.get("c", "")).isdigit() else None
    busybox = is_busybox(proc)
    try:
        ip = resolve(proc, host)
    except NetError:
        if busybox:
            proc.err(f"ping: bad address '{host}'\n")
            return 1
        proc.err(f"ping: {host}: Name or service not known\n")
        return 2
    net = proc.machine.net
    proc.out(f"PING {host} ({ip}): 56 data bytes\n" if busybox else f"PING {host} ({ip}) 56(84) bytes of data.\n")
    sent = count if count is not None else 4
    times = []
    for seq in range(sent):
        proc.budget.step()
        try:
            if net is None:
                raise NetError("unreachable", host)
            _, ttl, ms = net.ping(ip if re.fullmatch(r"[\d.]+", host) else host)
        except NetError:
            continue
        times.append(ms)
        if busybox:
            proc.out(f"64 bytes from {ip}: seq={seq} ttl={ttl} time={ms:.3f} ms\n")
        else:
            who = ip if host == ip else f"{host} ({ip})"
            proc.out(f"64 bytes from {who}: icmp_seq={seq + 1} ttl={ttl} time={ms:.3f} ms\n")
    proc.machine.clock.advance(max(0, sent - 1))
    if count is None:
        raise Blocked("ping")
    received = len(times)
    loss = 100 * (sent - received) // sent if sent else 0
    proc.out(f"\n--- {host} ping statistics ---\n")
    if busybox:
        proc.out(f"{sent} packets transmitted, {received} packets received, {loss}% packet loss\n")
        if times:
            proc.out(f"round-trip min/avg/max = {min(times):.3f}/{sum(times) / len(times):.3f}/{max(times):.3f} ms\n")
    else:
        proc.out(f"{sent} packets transmitted, {received} received, {loss}% packet loss, time {max(0, sent - 1) * 1000}ms\n")
        if times:
            avg = sum(times) / len(times)
            mdev = (sum((t - avg) ** 2 for t in times) / len(times)) ** 0.5
            proc.out(f"rtt min/avg/max/mdev = {min(times):.3f}/{avg:.3f}/{max(times):.3f}/{mdev:.3f} ms\n")
    return 0 if received else 1


# --- name lookups --------------------------------------------------------------------------------
def nameserver(proc):
    try:
        for line in proc.fs.read_text("/etc/resolv.conf").splitlines():
            if line.startswith("nameserver"):
                return line.split()[1]
    except (FSError, IndexError):
        pass
    return "127.0.0.11"


@program("nslookup")
def nslookup(proc):
    args = [a for a in proc.argv[1:] if not a.startswith("-")]
    if not args:
        proc.err("Usage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]\n")
        return 1
    host = args[0]
    server = nameserver(proc)
    proc.out(f"Server:\t\t{server}\nAddress:\t{server}:53\n\n" if is_busybox(proc)
             else f"Server:\t\t{server}\nAddress:\t{server}#53\n\n")
    try:
        ip = resolve(proc, host)
    except NetError:
        proc.out(f"** server can't find {host}: NXDOMAIN\n\n")
        return 1
    proc.out(f"Non-authoritative answer:\nName:\t{host}\nAddress: {ip}\n\n")
    return 0


@program("getent")
def getent(proc):
    args = proc.argv[1:]
    if not args:
        proc.err("Usage: getent [OPTION...] database [key ...]\nTry `getent --help' or `getent --usage' for more information.\n")
        return 1
    database, keys = args[0], args[1:]
    if database in ("passwd", "group"):
        try:
            lines = proc.fs.read_text(f"/etc/{database}").splitlines()
        except FSError:
            return 2
        chosen = [line for line in lines if not keys or line.split(":")[0] in keys]
        proc.out("".join(line + "\n" for line in chosen))
        return 0 if chosen else 2
    if database not in ("hosts", "ahosts"):
        proc.err(f"Unknown database: {database}\n")
        return 1
    status = 0
    for key in keys:
        try:
            proc.out(f"{resolve(proc, key):<15} {key}\n")
        except NetError:
            status = 2
    return status
