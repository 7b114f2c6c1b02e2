# Managing containers (notes: "Managing Containers"). One session, in order.
$ docker run hello-world
Unable to find image 'hello-world:latest' locally
latest: Pulling from library/hello-world
<...>
Digest: <DIGEST>
Status: Downloaded newer image for hello-world:latest

Hello from Docker!
This message shows that your installation appears to be working correctly.
<...>
$ docker run -d --name my-alpine alpine:latest sleep infinity
Unable to find image 'alpine:latest' locally
latest: Pulling from library/alpine
<...>
Status: Downloaded newer image for alpine:latest
<LONGID>
$ docker ps --format '{{.Names}} {{.Image}} {{.Command}}'
my-alpine alpine:latest "sleep infinity"
$ docker exec my-alpine cat /etc/os-release
NAME="Alpine Linux"
ID=alpine
<...>
$ docker exec my-alpine hostname
<ID>
$ docker stop my-alpine
my-alpine
$ docker ps -q
$ docker ps -a --format '{{.Names}} {{.Status}}'
my-alpine Exited (137) <*>
<*> Exited (0) <*>
$ docker ps -a --format '{{.Names}} {{.Status}}' --filter name=hello
$ docker container start my-alpine
my-alpine
$ docker rm my-alpine
Error response from daemon: cannot remove container "my-alpine": container is running: stop the container before removing or force remove
[exit 1]
$ docker rm -f my-alpine
my-alpine
$ docker logs my-alpine
Error response from daemon: No such container: my-alpine
[exit 1]
$ docker run --rm alpine cat /etc/os-release
NAME="Alpine Linux"
<...>
$ docker ps -a --format '{{.Image}} {{.Status}}'
hello-world Exited (0) <*>
$ docker container prune -f
Deleted Containers:
<LONGID>

Total reclaimed space: <*>
$ docker ps -aq
$ docker run
docker: 'docker run' requires at least 1 argument

Usage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]

See 'docker run --help' for more information
[exit 1]
$ docker run --bogus alpine
unknown flag: --bogus

Usage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]

Run 'docker run --help' for more information
[exit 125]
