#!/usr/bin/perl
# Turns `strace -e write=3 -e read=3` output into "> HEX" (sent) and "< HEX" (received) lines, one per syscall,
# dropping MSG_PEEK reads (the same bytes are read again). Lines starting with ## pass through.
use strict; use warnings;
my ($dir, $hex) = (undef, "");
sub flush { print "$dir $hex\n" if defined $dir && length $hex; ($dir, $hex) = (undef, ""); }
while (<STDIN>) {
  if (/^##/) { flush(); print; next; }
  if (/^(sendmsg|recvmsg)\(/) { flush(); next if /MSG_PEEK/; $dir = $1 eq "sendmsg" ? ">" : "<"; next; }
  if (defined $dir && /^ \| [0-9a-f]{5}  (.{48})/) { my $h = $1; $h =~ s/\s+//g; $hex .= $h; next; }
}
flush();
