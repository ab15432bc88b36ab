"""Published numbers the tests compare against (typed from the sources, never from a run)."""

import numpy as np

# Sutton & Barto (2018), Figure 3.2: v_pi of the equiprobable random policy, gamma = 0.9
SB_RANDOM = np.array([
    [3.3, 8.8, 4.4, 5.3, 1.5],
    [1.5, 3.0, 2.3, 1.9, 0.5],
    [0.1, 0.7, 0.7, 0.4, -0.4],
    [-1.0, -0.4, -0.4, -0.6, -1.2],
    [-1.9, -1.3, -1.2, -1.4, -2.0],
])
