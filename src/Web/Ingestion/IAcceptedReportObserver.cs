using ControlPlane.Wire.Probes;

namespace ControlPlane.Web.Ingestion;

/// <summary>
/// Hears of every report a node grain accepted through this process, after the fact: ingestion knows its observers
/// by this interface only (the portal's GPU charts are one). It runs on the ingestion path: cheap, and it never throws.
/// </summary>
public interface IAcceptedReportObserver
{
    void Accepted(string node, ProbeReport report);
}
