// Package bench measures simdla against its peers. Each benchmark case runs
// the same operation on the same data for every library, so that `go test
// -bench` and the simdla command's alternating runs compare like with like.
//
// Peers in this process (gonum, and with the peers build tag OpenBLAS and
// BLIS) are calls in Case.Libs; PyTorch runs in a helper process
// (TorchPeer) and takes its turns through Case.Timers, timing its own calls.
//
// Memory-bound cases report GB/s against a stream-copy baseline; compute
// cases report GFLOP/s.
package bench
