// ParleyUI: the pure screen model (width, wrapping, editing, layout, render-to-grid).
enum ParleyUIModule {}
