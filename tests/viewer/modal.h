#pragma once
// Driving modal dialogs in viewer tests: a modal exec() runs its own event loop, in which a timer
// keeps looking for the dialog until it is up, then acts on it.

#include <QApplication>
#include <QTimer>
#include <QWidget>

#include <functional>

namespace landbank::test {

/// Acts on the next modal dialog of type T once it is up.
template <typename T>
void whenModal(std::function<void(T*)> act) {
  auto* timer = new QTimer;
  timer->setInterval(10);
  QObject::connect(timer, &QTimer::timeout, [timer, act] {
    if (auto* dialog = qobject_cast<T*>(QApplication::activeModalWidget())) {
      timer->stop();
      timer->deleteLater();
      act(dialog);
    }
  });
  timer->start();
}

}  // namespace landbank::test
