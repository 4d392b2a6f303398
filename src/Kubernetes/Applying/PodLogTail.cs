namespace ControlPlane.Kubernetes;

/// <summary>
/// What of a pod's log to read: its last <see cref="Lines"/> lines, at most <see cref="MaxBytes"/> of them, of the
/// running container or (with <see cref="Previous"/>) of the one before its last restart. As the kubelet answers
/// (<c>PodLogOptions</c>, Kubernetes API reference): <c>tailLines</c> selects the end of the log, <c>limitBytes</c>
/// then stops after that many bytes from the start of what was selected, so a byte cap alone reads a log's head, never
/// its tail; <c>previous=true</c> for a container that never restarted is 400.
/// </summary>
public sealed record PodLogTail(int Lines, long MaxBytes, bool Previous = false)
{
    /// <summary>
    /// Enough for the end of an NCCL run (the watchdog's timeout and every rank's last works are its last lines):
    /// 20,000 lines of ~120 bytes fit under the byte cap, so the cap never cuts the end off.
    /// </summary>
    public static readonly PodLogTail ForDiagnosis = new(20_000, 8 * 1024 * 1024);
}
