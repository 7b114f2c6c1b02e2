# Images, naming and removal (notes: "Docker Images and Containers", "Managing Images")
$ docker pull nginx
Using default tag: latest
latest: Pulling from library/nginx
<...>
Digest: <DIGEST>
Status: Downloaded newer image for nginx:latest
docker.io/library/nginx:latest
$ docker pull nginx
Using default tag: latest
latest: Pulling from library/nginx
Digest: <DIGEST>
Status: Image is up to date for nginx:latest
docker.io/library/nginx:latest
$ docker images
REPOSITORY   TAG       IMAGE ID       CREATED   SIZE
nginx        latest    <ID>   <*>   <*>MB
$ docker tag nginx localhost:5000/web:v1
$ docker images --format '{{.Repository}}:{{.Tag}}' | sort
localhost:5000/web:v1
nginx:latest
$ docker run -d --name web nginx
<LONGID>
$ docker rmi localhost:5000/web:v1
Untagged: localhost:5000/web:v1
$ docker rmi nginx
Error response from daemon: conflict: unable to remove repository reference "nginx" (must force) - container <ID> is using its referenced image <ID>
[exit 1]
$ docker tag nginx localhost:5000/web:v1
$ docker rm -f web
web
$ docker rmi localhost:5000/web:v1
Untagged: localhost:5000/web:v1
$ docker rmi nginx
Untagged: nginx:latest
Untagged: nginx@<DIGEST>
Deleted: <DIGEST>
<...>
$ docker images -q
$ docker pull Nginx
invalid reference format: repository name (library/Nginx) must be lowercase
[exit 1]
$ docker pull nginx:
invalid reference format
[exit 1]
$ docker rmi nosuch
Error response from daemon: No such image: nosuch:latest
[exit 1]
$ docker run nosuch-image-xyz
Unable to find image 'nosuch-image-xyz:latest' locally
docker: Error response from daemon: pull access denied for nosuch-image-xyz, repository does not exist or may require 'docker login': denied: requested access to the resource is denied

Run 'docker run --help' for more information
[exit 125]
$ docker run --rm ubuntu:22.04 cat /etc/os-release | grep PRETTY_NAME
Unable to find image 'ubuntu:22.04' locally
<...>
PRETTY_NAME="Ubuntu 22.04.5 LTS"
