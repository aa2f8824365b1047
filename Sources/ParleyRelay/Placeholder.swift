import NIOCore
import NIOPosix
import Logging
import ParleyRelayCore
import ParleyLink
