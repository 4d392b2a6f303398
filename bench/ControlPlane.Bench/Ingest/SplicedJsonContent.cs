using System.Globalization;
using System.Net;
using System.Net.Http.Headers;

namespace ControlPlane.Bench.Ingest;

/// <summary>
/// A report body written as three pre-encoded pieces (before the sequence number, the number, after
/// it), so the load generator sharing the machine with the server does not allocate a new 8 KiB
/// body per request.
/// </summary>
public sealed class SplicedJsonContent : HttpContent
{
    private readonly byte[] _before;
    private readonly byte[] _sequence;
    private readonly byte[] _after;

    public SplicedJsonContent(byte[] before, long sequence, byte[] after)
    {
        _before = before;
        _sequence = System.Text.Encoding.ASCII.GetBytes(sequence.ToString(CultureInfo.InvariantCulture));
        _after = after;
        Headers.ContentType = new MediaTypeHeaderValue("application/json");
    }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        await stream.WriteAsync(_before);
        await stream.WriteAsync(_sequence);
        await stream.WriteAsync(_after);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _before.Length + _sequence.Length + _after.Length;
        return true;
    }
}
