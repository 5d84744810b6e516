using System.Net;
using System.Net.Sockets;

namespace QcsCloud.LocalHost.Durable;

/// <summary>Asks the OS for a free TCP port on 127.0.0.1 (for the gRPC backend when none is configured).</summary>
public static class FreePort
{
    public static int Pick()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
