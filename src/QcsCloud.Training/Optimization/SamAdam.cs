using TorchSharp;
using static TorchSharp.torch;

namespace QcsCloud.Training.Optimization;

/// <summary>
/// Sharpness-aware minimisation around Adam (Foret et al. 2021; birdwcp/QCS <c>sam.py</c>, rho 0.05, not adaptive).
/// Per batch: forward/backward, <see cref="AscendToNeighbour"/> (w += e, e = rho g / (||g||_2 global + 1e-12)),
/// zero grads, forward/backward again at w + e, then <see cref="DescendAndStep"/> (w -= e, Adam step with the
/// second gradient). Parameters without a gradient are left untouched by both steps.
/// Adam is written out (same arithmetic as <c>torch.optim.Adam</c>) so its state can be checkpointed by name.
/// </summary>
/// <remarks>
/// No temporary <see cref="Scalar"/>s: an implicit <c>double</c> -> Scalar conversion, and the Scalar 1 that
/// TorchSharp 0.107's <c>add(Tensor)</c>/<c>add_(Scalar)</c>/<c>sub_(Tensor)</c> create for alpha, are unreachable once
/// their handle is read, so a garbage collection started by another thread (the loader's workers) can finalise and free
/// them while libtorch still reads them, failing a step now and then with "Unknown scalar type". Every Scalar here is a
/// <c>using</c> local that lives until the ops reading it have returned, or the static <see cref="One"/>; every add/sub
/// passes its alpha.
/// </remarks>
public sealed class SamAdam : IDisposable
{
    private readonly (string Name, Tensor Param)[] parameters;
    private readonly Dictionary<string, Tensor> expAvg = new();
    private readonly Dictionary<string, Tensor> expAvgSq = new();
    private readonly Dictionary<string, long> steps = new();
    private readonly Dictionary<string, Tensor> perturbation = new();
    private readonly SamAdamOptions options;

    /// <summary>The alpha of every add/sub: TorchSharp's one-argument overloads make a temporary Scalar 1 (class remarks).
    /// A static is never finalised.</summary>
    private static readonly Scalar One = 1.0, MinusOne = -1.0;

    public SamAdam(IEnumerable<(string Name, Tensor Param)> namedParameters, SamAdamOptions options)
    {
        options.Validate();
        this.options = options;
        parameters = namedParameters.Where(p => p.Param.requires_grad).ToArray();
    }

    /// <summary>Learning rate used by the next <see cref="DescendAndStep"/>; set per epoch by the schedule.</summary>
    public double LearningRate { get; set; }

    public IReadOnlyList<string> ParameterNames => parameters.Select(p => p.Name).ToArray();

    /// <summary>SAM first step: moves every parameter that has a gradient by e = rho g / (||g|| + 1e-12).</summary>
    /// <returns>The global gradient norm (over parameters with a gradient).</returns>
    public double AscendToNeighbour()
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var withGrad = parameters.Where(p => p.Param.grad is not null).ToArray();
        if (withGrad.Length == 0) return 0;
        // ||g||_2 over all parameters: the norm of the per-parameter norms.
        var norm = stack(withGrad.Select(p => p.Param.grad!.norm()).ToArray()).norm(); // [] scalar
        using Scalar rho = options.Rho, tiny = 1e-12;
        var scale = norm.add(tiny, One).reciprocal_().mul_(rho).detach();              // rho / (||g|| + 1e-12)
        foreach (var (name, p) in withGrad)
        {
            var e = (p.grad! * scale).DetachFromDisposeScope(); // same shape as p; lives until DescendAndStep
            p.add_(e, One);
            if (perturbation.Remove(name, out var old)) old.Dispose();
            perturbation[name] = e;
        }
        return norm.item<float>();
    }

    /// <summary>SAM second step: back to w (w -= e), then one Adam step with the current gradient.</summary>
    public void DescendAndStep()
    {
        using var _ = no_grad();
        foreach (var (name, p) in parameters)
        {
            if (perturbation.Remove(name, out var e))
            {
                p.add_(e, MinusOne);                                                      // w -= e (torch's sub is add with alpha -1)
                e.Dispose();
            }
        }
        foreach (var (name, p) in parameters)
        {
            if (p.grad is null) continue;
            AdamStep(name, p, p.grad);
        }
    }

    /// <summary>Sets every gradient to null, as <c>zero_grad(set_to_none=True)</c>.</summary>
    public void ZeroGrad()
    {
        foreach (var (_, p) in parameters)
        {
            var g = p.grad;
            if (g is null) continue;
            p.grad = null;
            g.Dispose();
        }
    }

    // torch.optim.Adam (single tensor, no amsgrad): bias corrections as in torch.
    private void AdamStep(string name, Tensor p, Tensor gradient)
    {
        using var scope = NewDisposeScope();
        // Every Scalar is a named `using` local, kept alive until the ops that read it have returned (class remarks).
        using Scalar decay = options.WeightDecay, beta1 = options.Beta1, oneMinusBeta1 = 1 - options.Beta1,
            beta2 = options.Beta2, oneMinusBeta2 = 1 - options.Beta2, eps = options.Eps;
        var g = options.WeightDecay != 0 ? gradient.add(p, alpha: decay) : gradient;
        if (!expAvg.TryGetValue(name, out var m))
        {
            m = zeros_like(p).DetachFromDisposeScope(); // optimizer state outlives every step scope
            expAvg[name] = m;
            expAvgSq[name] = zeros_like(p).DetachFromDisposeScope();
            steps[name] = 0;
        }
        var v = expAvgSq[name];
        var t = ++steps[name];
        m.mul_(beta1).add_(g, alpha: oneMinusBeta1);
        v.mul_(beta2).addcmul_(g, g, value: oneMinusBeta2);
        var biasCorrection1 = 1 - Math.Pow(options.Beta1, t);
        var biasCorrection2Sqrt = Math.Sqrt(1 - Math.Pow(options.Beta2, t));
        var stepSize = LearningRate / biasCorrection1;
        using Scalar correction2 = biasCorrection2Sqrt, negativeStep = -stepSize;
        var denom = v.sqrt().div_(correction2).add_(eps, One);
        p.addcdiv_(m, denom, value: negativeStep);
    }

    /// <summary>Adam state by name (<c>exp_avg.NAME</c>, <c>exp_avg_sq.NAME</c>, <c>step.NAME</c>) for checkpoints.</summary>
    public IEnumerable<(string Name, Tensor Value)> StateTensors()
    {
        foreach (var (name, _) in parameters)
        {
            if (!expAvg.TryGetValue(name, out var m)) continue;
            yield return ($"exp_avg.{name}", m);
            yield return ($"exp_avg_sq.{name}", expAvgSq[name]);
            yield return ($"step.{name}", tensor(steps[name]));
        }
    }

    /// <summary>Restores <see cref="StateTensors"/>; names that do not belong to this model are an error.</summary>
    public void LoadState(IReadOnlyDictionary<string, Tensor> state)
    {
        var byName = parameters.ToDictionary(p => p.Name, p => p.Param);
        foreach (var (key, value) in state)
        {
            var dot = key.IndexOf('.');
            var kind = dot < 0 ? key : key[..dot];
            var name = dot < 0 ? "" : key[(dot + 1)..];
            if (!byName.TryGetValue(name, out var p))
                throw new InvalidDataException($"Optimizer state '{key}' names no trainable parameter of this model");
            switch (kind)
            {
                case "exp_avg": expAvg[name] = Restore(value, p, key); break;
                case "exp_avg_sq": expAvgSq[name] = Restore(value, p, key); break;
                case "step": steps[name] = value.item<long>(); break;
                default: throw new InvalidDataException($"Optimizer state '{key}': unknown kind '{kind}'");
            }
        }
        foreach (var name in expAvg.Keys)
            if (!expAvgSq.ContainsKey(name) || !steps.ContainsKey(name))
                throw new InvalidDataException($"Optimizer state for '{name}' is incomplete (needs exp_avg, exp_avg_sq and step)");
    }

    private static Tensor Restore(Tensor value, Tensor p, string key)
    {
        if (!value.shape.SequenceEqual(p.shape))
            throw new InvalidDataException(
                $"Optimizer state '{key}' has shape [{string.Join(",", value.shape)}], the parameter has [{string.Join(",", p.shape)}]");
        return value.to(p.dtype, p.device).detach().clone().DetachFromDisposeScope();
    }

    public void Dispose()
    {
        foreach (var t in expAvg.Values.Concat(expAvgSq.Values).Concat(perturbation.Values)) t.Dispose();
        expAvg.Clear(); expAvgSq.Clear(); perturbation.Clear();
    }
}
