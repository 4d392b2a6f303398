namespace ControlPlane.Wire.Audit;

/// <summary>How an audited action ended: done (any 2xx), or refused with its status.</summary>
public static class AuditOutcomes
{
    public const string Ok = "ok";
    public const string Refused = "refused";

    public static string Of(int status) => status is >= 200 and < 300 ? Ok : Refused;
}
