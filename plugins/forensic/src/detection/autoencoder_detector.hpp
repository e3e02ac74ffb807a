// The autoencoder: a small dense network (d -> d/2 -> d/4 -> d/2 -> d, hidden layers at least 2
// wide, symmetric sigmoid) that OpenCV ml's ANN_MLP trains, with RPROP and a bounded number of
// iterations, to reproduce a seeded random sample of the file's own rows through the bottleneck.
// Rows like the bulk come back close; a row's score is its mean squared reconstruction error.
// Inputs are the robust z-scores clipped to +-5 and divided by 5, inside the activation's range.
// Throws AutoencoderError when OpenCV fails or the scores are not finite (the caller falls back
// to the statistical detector).
#pragma once

#include "detection/scaled_matrix.hpp"

#include <cstddef>
#include <functional>
#include <stdexcept>
#include <vector>

namespace sentinel::forensic {

class AutoencoderError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Files with fewer numeric columns go to the statistical detector: OpenCV needs hidden layers at
// least 2 wide, so with 3 columns the bottleneck would keep 2 of 3 dimensions and reconstruct a
// wild cell almost as well as the rest (measured: an infinite cell in 500 x 3 normal rows was not
// flagged; with 4 or more columns it ranks first or second).
inline constexpr std::size_t kAutoencoderMinColumns = 4;

struct AutoencoderOptions {
    std::size_t training_rows = 20000; // sample size (all rows when the file has fewer)
    int max_iterations = 300;          // RPROP epochs over the sample
    unsigned seed = 42;                // which rows are sampled
};

// d, then the hidden layers, then d.
std::vector<int> autoencoder_layers(int columns);

// `progress(fraction)` is called on the calling thread with 0 once the network is trained (OpenCV's
// training reports nothing on the way), then with the fraction of rows scored. Needs at least 2
// columns and 1 row.
std::vector<float> autoencoder_scores(const RowMatrix& z, const AutoencoderOptions& options,
                                      const std::function<void(double)>& progress = {});

} // namespace sentinel::forensic
