// Every file of this target uses the shared peers, PKI and sockets.
@_exported import TestSupport
