package dev.syncasync.balancer;

import dev.syncasync.config.Cidr;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Set;

/**
 * Which registry entries the balancer will route to. The registry is a list of addresses it
 * connects to, and community Hazelcast has no authentication, so an entry must resolve to an
 * address inside the configured ranges, and never to one of the balancer's own ports.
 */
final class AllowList {

    private final List<Cidr> ranges;
    private final Set<Integer> ownPorts;

    AllowList(List<String> ranges, Set<Integer> ownPorts) {
        this.ranges = ranges.stream().map(Cidr::parse).toList();
        this.ownPorts = ownPorts;
    }

    /**
     * Why {@code host:port} is refused, or null when it is allowed. May resolve a host name,
     * so call it off the event loop.
     */
    String refusal(String host, int port) {
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            return "its host '" + host + "' does not resolve";
        }
        for (InetAddress address : addresses) {
            if (ranges.stream().noneMatch(r -> r.contains(address))) {
                return address.getHostAddress() + " is outside registry.allow " + ranges;
            }
            if (ownPorts.contains(port) && isThisHost(address)) {
                return host + ":" + port + " is one of the balancer's own ports";
            }
        }
        return null;
    }

    private static boolean isThisHost(InetAddress address) {
        try {
            return address.isLoopbackAddress() || address.isAnyLocalAddress()
                    || java.net.NetworkInterface.getByInetAddress(address) != null;
        } catch (java.net.SocketException e) {
            return true;
        }
    }
}
