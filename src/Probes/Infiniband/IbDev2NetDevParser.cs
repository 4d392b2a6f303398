using System.Collections.Immutable;

namespace ControlPlane.Probes.Infiniband;

/// <summary>Parses <c>ibdev2netdev</c> (the short form, without <c>-v</c>).</summary>
public static class IbDev2NetDevParser
{
    private const string Expected = "'<device> port <n> ==> <netdev> (Up|Down)'";

    public static IbPortMap Parse(string text, string fileName = "<input>")
    {
        var lines = ProbeText.SplitLines(text);
        var ports = ImmutableArray.CreateBuilder<IbPortMapping>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (ProbeText.IsBlank(lines[i]))
            {
                continue;
            }

            var words = ProbeText.Tokens(lines[i]);
            if (words.Length != 6 || words[1] != "port" || words[3] != "==>" || !ProbeText.TryInt(words[2], out var port))
            {
                throw new ProbeParseException(fileName, i + 1, Expected, lines[i].Trim());
            }

            NetDeviceState? state = words[5] switch
            {
                "(Up)" => NetDeviceState.Up,
                "(Down)" => NetDeviceState.Down,
                _ => null,
            };
            ports.Add(new IbPortMapping(
                words[0],
                port,
                words[4],
                state ?? throw new ProbeParseException(fileName, i + 1, "a port state (Up) or (Down)", words[5])));
        }

        if (ports.Count == 0)
        {
            throw new ProbeParseException(fileName, ProbeText.EndLine(lines), Expected, null);
        }

        return new IbPortMap(ports.ToImmutable());
    }
}
