#!/bin/sh
# Regenerates ipvsadm-capture.txt: the netlink messages real ipvsadm exchanges with a real IPVS kernel.
# Run from the project root on the host:  bin/uml-run sh src/test/resources/io/vigil/netlink/genl/capture-ipvsadm.sh \
#   | perl src/test/resources/io/vigil/netlink/genl/strace-to-hex.pl > src/test/resources/io/vigil/netlink/genl/ipvsadm-capture.txt
run() {
  echo "## ipvsadm $*"
  strace -e trace=sendmsg,recvmsg -e write=3 -e read=3 -o /tmp/st ipvsadm "$@" >/dev/null 2>&1
  echo "## exit $?"
  cat /tmp/st
}
run -A -t 198.18.0.10:80 -s wrr -p 300 -M 255.255.255.0
run -a -t 198.18.0.10:80 -r 198.18.1.1:8080 -m -w 3 -x 10 -y 2
run -a -t 198.18.0.10:80 -r 198.18.1.2:8080 -g -w 1
run -A -f 7 -s mh -b mh-fallback,mh-port
run -a -f 7 -r 198.18.1.3:0 -i -w 2 --tun-type gue --tun-port 6080 --tun-csum
run -A -u [2001:2::10]:53 -s rr -o
run -a -u [2001:2::10]:53 -r [2001:2::1:1]:5353 -m -w 5
run -E -t 198.18.0.10:80 -s lc
run -e -t 198.18.0.10:80 -r 198.18.1.1:8080 -m -w 0
run -Ln
run -Ln --stats
run -Ln --exact --stats -t 198.18.0.10:80
run --set 900 120 300
run -L --timeout
run --start-daemon master --mcast-interface lo --syncid 5
run -L --daemon
run --stop-daemon master
run -d -t 198.18.0.10:80 -r 198.18.1.2:8080
run -d -t 198.18.0.10:80 -r 198.18.1.2:80
run -D -u [2001:2::10]:53
run -Z
run -C
