"""
AdaGrad slows down where it moved most
======================================

AdaGrad divides each coordinate's step by the root of its accumulated
squared gradients, :math:`h \\leftarrow h + g \\odot g`,
:math:`\\theta \\leftarrow \\theta - \\eta g / (\\sqrt{h} + \\varepsilon)`.
The book's setting: :math:`\\eta = 1.5`, 30 updates from :math:`(-7, 2)`.
"""

# %%
import matplotlib.pyplot as plt

from dlscratch.landscapes import anisotropic, trace_path
from dlscratch.optim import AdaGrad
from dlscratch.plotting import path_figure

path = trace_path(AdaGrad(lr=1.5), anisotropic, start=(-7.0, 2.0), steps=30)
fig = path_figure(path, anisotropic, "AdaGrad", "η = 1.5")

# %%
# **What to notice.**  The first step moves both coordinates by exactly
# :math:`\eta = 1.5`, whatever the size of the gradient.  After that the
# large :math:`y`-gradients fill :math:`h_y` quickly, and the
# :math:`y`-steps die out: the path flattens onto the valley floor and walks
# along it.  Because :math:`h` never shrinks, the steps along :math:`x` keep
# getting smaller as well; on a long run this can stop learning too early,
# which is what :class:`~dlscratch.optim.RMSprop` fixes.
end_point = path[-1]
print(end_point.round(4))
plt.show()
