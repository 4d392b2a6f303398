namespace ControlPlane.Probes.Infiniband;

/// <summary>
/// Parses <c>ibstat</c>: "CA 'mlx5_0'" blocks of "Key: value" lines, each holding "Port N:" blocks.
/// An adapter must list as many ports as its "Number of ports:" says, and each port its State,
/// Physical state, Rate and Link layer; anything less is a truncated capture.
/// </summary>
public static class IbStatParser
{
    private sealed class AdapterBuilder(string name, int line)
    {
        public string Name { get; } = name;

        public int Line { get; } = line;

        public Dictionary<string, (string Value, int Line)> Fields { get; } = [];

        public List<(int Number, int Line, Dictionary<string, (string Value, int Line)> Fields)> Ports { get; } = [];
    }

    public static IbStatReport Parse(string text, string fileName = "<input>")
    {
        var lines = ProbeText.SplitLines(text);
        var adapters = new List<AdapterBuilder>();
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith("CA '", StringComparison.Ordinal) && line.EndsWith('\'') && line.Length > 5)
            {
                adapters.Add(new AdapterBuilder(line[4..^1], i + 1));
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (adapters.Count == 0 || colon <= 0)
            {
                throw new ProbeParseException(fileName, i + 1, adapters.Count == 0 ? "CA '<name>'" : "a 'Key: value' line", line);
            }

            var adapter = adapters[^1];
            var key = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            if (key.StartsWith("Port ", StringComparison.Ordinal) && value.Length == 0
                && ProbeText.TryInt(key[5..], out var port))
            {
                adapter.Ports.Add((port, i + 1, []));
            }
            else
            {
                (adapter.Ports.Count > 0 ? adapter.Ports[^1].Fields : adapter.Fields)[key] = (value, i + 1);
            }
        }

        if (adapters.Count == 0)
        {
            throw new ProbeParseException(fileName, ProbeText.EndLine(lines), "CA '<name>'", null);
        }

        var end = ProbeText.EndLine(lines);
        var built = adapters.Select((a, n) => Build(a, n + 1 < adapters.Count ? adapters[n + 1].Line : end, fileName));
        return new IbStatReport([.. built]);
    }

    private static IbStatAdapter Build(AdapterBuilder adapter, int endLine, string fileName)
    {
        string? Field(string key) => adapter.Fields.TryGetValue(key, out var f) ? f.Value : null;
        if (!adapter.Fields.TryGetValue("Number of ports", out var count) || !ProbeText.TryInt(count.Value, out var portCount))
        {
            throw new ProbeParseException(fileName, endLine, $"'Number of ports:' for CA '{adapter.Name}'", count.Value);
        }

        if (adapter.Ports.Count != portCount)
        {
            throw new ProbeParseException(fileName, endLine, $"{portCount} port blocks for CA '{adapter.Name}'", null);
        }

        var ports = adapter.Ports.Select((p, n) =>
            BuildPort(p.Number, p.Fields, n + 1 < adapter.Ports.Count ? adapter.Ports[n + 1].Line : endLine, fileName));
        return new IbStatAdapter(adapter.Name, Field("CA type"), Field("Firmware version"), Field("Node GUID"), [.. ports]);
    }

    private static IbStatPort BuildPort(int number, Dictionary<string, (string Value, int Line)> fields, int endLine, string fileName)
    {
        string Required(string key) =>
            fields.TryGetValue(key, out var f) && f.Value.Length > 0
                ? f.Value
                : throw new ProbeParseException(fileName, endLine, $"'{key}:' in Port {number}", null);

        int? Optional(string key) => fields.TryGetValue(key, out var f) && ProbeText.TryInt(f.Value, out var v) ? v : null;

        var rate = Required("Rate");
        return new IbStatPort(
            number,
            Required("State"),
            Required("Physical state"),
            ProbeText.TryInt(rate, out var gbps) ? gbps : throw new ProbeParseException(fileName, fields["Rate"].Line, "a rate in Gb/s", rate),
            Required("Link layer"),
            Optional("Base lid"),
            Optional("SM lid"),
            fields.TryGetValue("Port GUID", out var guid) ? guid.Value : null);
    }
}
