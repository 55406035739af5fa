#ifndef LEERPOOL_SERVICES_COMMON_SIGNALS_H_
#define LEERPOOL_SERVICES_COMMON_SIGNALS_H_

namespace leerpool {

// Blocks SIGINT and SIGTERM in the calling thread and every thread it starts afterwards, so
// that WaitForTerminationSignal() can receive them synchronously. Call first thing in main().
void BlockTerminationSignals();
// Waits until SIGINT or SIGTERM arrives and returns its number.
int WaitForTerminationSignal();

}  // namespace leerpool

#endif  // LEERPOOL_SERVICES_COMMON_SIGNALS_H_
