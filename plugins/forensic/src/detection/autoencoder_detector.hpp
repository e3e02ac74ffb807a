// The autoencoder: a small dense network (d -> d/2 -> d/4 -> d/2 -> d, symmetric sigmoid) that
// OpenCV ml's ANN_MLP trains, with RPROP, to reproduce a seeded sample of the file's own rows from
// a bottleneck. Rows like the bulk come back close; a row's score is its mean squared
// reconstruction error. Inputs are the robust z-scores clipped to +-5 and divided by 5.
// Throws AutoencoderError when OpenCV fails (the caller falls back to the statistical detector).
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

struct AutoencoderOptions {
    std::size_t training_rows = 20000;
    int max_iterations = 300;
    unsigned seed = 42;
};

// `progress(fraction)` is called during scoring (training gives no progress).
std::vector<float> autoencoder_scores(const RowMatrix& z, const AutoencoderOptions& options,
                                      const std::function<void(double)>& progress = {});

} // namespace sentinel::forensic
